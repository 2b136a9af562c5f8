package dev.promjob.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Debian binaries the integration tests run, or fails naming the package to install. */
public final class Binaries {
  private Binaries() {}

  public static Path nodeExporter() {
    return find("prometheus-node-exporter", "prometheus-node-exporter");
  }

  public static Path promtool() {
    return find("promtool", "prometheus");
  }

  public static Path pushgateway() {
    return find("prometheus-pushgateway", "prometheus-pushgateway");
  }

  public static Path prometheus() {
    return find("prometheus", "prometheus");
  }

  /**
   * @throws AssertionError naming the Debian package: a missing binary fails the test, never skips
   *     it
   */
  public static Path find(String command, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Path p = Path.of("/usr/bin", command);
    if (Files.isExecutable(p)) {
      return p;
    }
    throw new AssertionError(
        command
            + " not found on PATH: install the Debian package "
            + debianPackage
            + " (apt-get install -y "
            + debianPackage
            + ", or run .ci/test, which installs every package the tests need)");
  }
}
