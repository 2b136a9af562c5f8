package dev.promjob.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code promtool}, the linter and rule tester of Prometheus' own distribution. */
public final class Promtool {
  private Promtool() {}

  /** What one promtool command printed (stdout and stderr together) and how it exited. */
  public record Result(List<String> command, int exitCode, String output) {
    /** Fails with the output unless the command exited 0. */
    public Result assertSucceeded() {
      if (exitCode != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /** Fails with promtool's output unless it accepts {@code file} without a single complaint. */
  public static void assertCheckMetricsPasses(Path file) throws IOException {
    Result r = run(file.toAbsolutePath().getParent(), file, "check", "metrics");
    if (r.exitCode() != 0 || !r.output().isBlank()) {
      throw new AssertionError(
          "promtool check metrics " + file + " exited " + r.exitCode() + ":\n" + r.output());
    }
  }

  /**
   * Runs {@code promtool args...} in {@code workDir} (relative rule files resolve there), with
   * {@code stdin} as input when not null; gives up after 60 s.
   */
  public static Result run(Path workDir, Path stdin, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Binaries.promtool().toString());
    cmd.addAll(List.of(args));
    // Output goes to a file: a pipe could fill up and block promtool while we wait for it.
    Path out = Files.createTempFile("promtool-", ".out");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      pb.redirectInput(
          stdin == null
              ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
              : ProcessBuilder.Redirect.from(stdin.toFile()));
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
      }
      return new Result(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
