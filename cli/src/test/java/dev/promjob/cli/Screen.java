package dev.promjob.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal, as a person has one: tmux on a private socket, its window of a fixed size
 * running a shell with cron's bare environment and a {@code TERM}; lines are typed into it and the
 * screen is read back, as text or with its colours ({@code capture-pane -e}). Only the server this
 * starts is stopped, through its own socket.
 */
final class Screen implements AutoCloseable {
  private final String socket;

  private Screen(String socket) {
    this.socket = socket;
  }

  /** A {@code columns} x {@code rows} terminal running {@code sh} with {@code env} only. */
  static Screen open(int columns, int rows, List<String> env) throws Exception {
    Screen s =
        new Screen("promjob-status-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "new-session",
                "-d",
                "-x",
                Integer.toString(columns),
                "-y",
                Integer.toString(rows),
                "/usr/bin/env",
                "-i"));
    cmd.addAll(env);
    cmd.addAll(List.of("PS1=$ ", "/bin/sh"));
    s.tmux(cmd.toArray(new String[0]));
    Launcher.await( // the shell's prompt: it reads what is typed from here on
        "the shell's prompt",
        () -> {
          try {
            return s.text().equals("$");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    return s;
  }

  /**
   * Types {@code line} and Enter, then waits (bounded) until the screen shows a match of the
   * regular expression {@code until}; returns the screen's text.
   */
  String type(String line, String until) throws Exception {
    java.util.regex.Pattern done = java.util.regex.Pattern.compile(until);
    tmux("send-keys", "-t", "0", "-l", line);
    tmux("send-keys", "-t", "0", "Enter");
    Launcher.await(
        "the screen to show " + until,
        () -> {
          try {
            return done.matcher(text()).find();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    return text();
  }

  /** The screen as text, trailing blank lines left out. */
  String text() throws Exception {
    return tmux("capture-pane", "-p", "-t", "0").stripTrailing();
  }

  /** The screen with its colours as escape sequences. */
  String colours() throws Exception {
    return tmux("capture-pane", "-p", "-e", "-t", "0").stripTrailing();
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    try {
      tmux("kill-server");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted stopping tmux", e);
    }
  }
}
