package dev.promjob.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command and everything it started: its process group when {@link Shim} gave it one (a
 * double-forked child or one started by a TERM handler is in it too), else the command and its
 * descendants at the time of each signal. Membership is read from /proc.
 */
final class ProcessGroup {
  private static final Path PROC = Path.of("/proc");

  private final Process leader;
  private final boolean own;

  ProcessGroup(Process leader, boolean own) {
    this.leader = leader;
    this.own = own;
  }

  /**
   * Sends signal {@code name} ({@code TERM}, {@code INT}, ...) to the whole group, once, if any of
   * it is left.
   */
  void signal(String name) throws InterruptedException {
    if (!own || !awaitOwnGroup()) {
      List<ProcessHandle> tree = new ArrayList<>();
      tree.add(leader.toHandle());
      leader.descendants().forEach(tree::add);
      tree.forEach(h -> Signals.send(h, name));
      return;
    }
    // A group whose last process has ended may see its number reused, so only a group that still
    // has a process is signalled (pid_max is 32768 on many systems).
    if (!alive()) {
      return;
    }
    try {
      Shim.kill(name, leader.pid()).waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      Signals.send(leader.toHandle(), name); // perl gone since the start: the command at least
    }
  }

  /**
   * Sends SIGKILL to the whole group and waits (a few seconds at most) until it is gone: a run that
   * reports, or releases its --no-overlap lock, leaves nothing of its command running.
   */
  void kill() throws InterruptedException {
    signal("KILL");
    awaitEnd(Duration.ofSeconds(5));
  }

  /** Whether any process of the group is left (zombies aside). */
  boolean alive() {
    if (leader.isAlive()) {
      return true;
    }
    if (!own) {
      return leader.descendants().anyMatch(ProcessHandle::isAlive);
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path p : procs) {
        if (inGroup(p.resolve("stat"), leader.pid())) {
          return true;
        }
      }
    } catch (IOException e) {
      return false; // no /proc: the leader is all that can be seen
    }
    return false;
  }

  /**
   * Waits until the whole group has ended, at most {@code grace}.
   *
   * @return whether it ended
   */
  boolean awaitEnd(Duration grace) throws InterruptedException {
    long end = System.nanoTime() + grace.toNanos();
    if (!leader.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    while (alive()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * Waits the few milliseconds until perl has moved the command out of promjob's process group, so
   * that a signal arriving right at the start reaches what the command starts too.
   *
   * @return whether the command leads a group of its own (false: it ended, or moved elsewhere)
   */
  private boolean awaitOwnGroup() throws InterruptedException {
    Path stat = PROC.resolve(Long.toString(leader.pid())).resolve("stat");
    String ours = group(PROC.resolve("self/stat"));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String group = group(stat);
    while (group != null && group.equals(ours) && System.nanoTime() - end < 0) {
      Thread.sleep(1);
      group = group(stat);
    }
    return group == null || group.equals(Long.toString(leader.pid()));
  }

  /** Whether the process of {@code stat} is in group {@code group} and not a zombie. */
  private static boolean inGroup(Path stat, long group) {
    String[] f = fields(stat);
    return f != null && !f[0].equals("Z") && f[2].equals(Long.toString(group));
  }

  /** The group field of a /proc stat file, or null. */
  private static String group(Path stat) {
    String[] f = fields(stat);
    return f == null ? null : f[2];
  }

  /** State, parent and group from a /proc stat file; null if the process is gone. */
  private static String[] fields(Path stat) {
    String s;
    try {
      s = Files.readString(stat, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null; // ended meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", 4);
    return f.length == 4 ? f : null;
  }
}
