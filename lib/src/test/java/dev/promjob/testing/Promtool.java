package dev.promjob.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code promtool check metrics}, the linter of Prometheus' own distribution. */
public final class Promtool {
  private Promtool() {}

  /** Fails with promtool's output unless it accepts {@code file} without a single complaint. */
  public static void assertCheckMetricsPasses(Path file) throws IOException {
    Process p =
        new ProcessBuilder(Binaries.promtool().toString(), "check", "metrics")
            .redirectInput(file.toFile())
            .redirectErrorStream(true)
            .start();
    String out;
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("promtool check metrics did not finish within 60 s on " + file);
      }
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0 || !out.isBlank()) {
      throw new AssertionError("promtool check metrics " + file + " exited " + p.exitValue() + ":\n" + out);
    }
  }
}
