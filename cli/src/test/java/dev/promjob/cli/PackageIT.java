package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages the build made (cli/target), as any user can check them: the .deb's files, control
 * fields and man page, and the tarball's launcher. PackageInstallIT installs the .deb.
 */
class PackageIT {
  @TempDir Path work;

  static String version() {
    return System.getProperty("promjob.version");
  }

  static Path target() {
    return Path.of(System.getProperty("promjob.package.dir"));
  }

  /** The .deb of this build: promjob_{Debian version}_all.deb. */
  static Path deb() {
    // The one Debian version rule is build-packages' (PackagingTest checks it).
    return target().resolve("promjob_" + version().replaceFirst("-", "~") + "_all.deb");
  }

  static Launcher.Result run(Path work, String... cmd) throws Exception {
    return Launcher.runCommand(work, Map.of(), null, List.of(cmd));
  }

  @Test
  void theDebHoldsTheCommandItsJarManPageCompletionAndDocsAndNothingElse() throws Exception {
    Launcher.Result r = run(work, "dpkg-deb", "--contents", deb().toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> files =
        Arrays.stream(r.out().split("\n"))
            .map(l -> l.substring(l.indexOf("./")) + " " + l.substring(0, l.indexOf(' ')))
            .toList();
    assertThat(files)
        .containsExactly(
            "./ drwxr-xr-x",
            "./usr/ drwxr-xr-x",
            "./usr/bin/ drwxr-xr-x",
            "./usr/bin/promjob -rwxr-xr-x",
            "./usr/share/ drwxr-xr-x",
            "./usr/share/bash-completion/ drwxr-xr-x",
            "./usr/share/bash-completion/completions/ drwxr-xr-x",
            "./usr/share/bash-completion/completions/promjob -rw-r--r--",
            "./usr/share/doc/ drwxr-xr-x",
            "./usr/share/doc/promjob/ drwxr-xr-x",
            "./usr/share/doc/promjob/README.md.gz -rw-r--r--",
            "./usr/share/doc/promjob/changelog.gz -rw-r--r--",
            "./usr/share/doc/promjob/copyright -rw-r--r--",
            "./usr/share/man/ drwxr-xr-x",
            "./usr/share/man/man1/ drwxr-xr-x",
            "./usr/share/man/man1/promjob.1.gz -rw-r--r--",
            "./usr/share/promjob/ drwxr-xr-x",
            "./usr/share/promjob/promjob.jar -rw-r--r--",
            "./var/ drwxr-xr-x",
            "./var/cache/ drwxr-xr-x",
            "./var/cache/promjob/ drwxr-xr-x");
    assertThat(r.out()).contains("root/root").doesNotContain(" 0/0 ", "jsa");
  }

  @Test
  void theControlFileDependsOnAJava17RuntimeAndCarriesThePomsVersion() throws Exception {
    Launcher.Result r =
        run(
            work,
            "dpkg-deb",
            "--field",
            deb().toString(),
            "Package",
            "Version",
            "Architecture",
            "Depends",
            "Maintainer",
            "Installed-Size",
            "Section",
            "Priority",
            "Description");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Package: promjob\n")
        .contains("Version: " + version().replaceFirst("-", "~") + "\n")
        .contains("Architecture: all\n")
        .contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless\n")
        .contains("Section: admin\n")
        .containsPattern("Installed-Size: [1-9][0-9]+\n")
        .contains("Description: report the outcome of cron jobs to Prometheus\n");
    Launcher.Result scripts = run(work, "dpkg-deb", "--info", deb().toString(), "triggers");
    assertThat(scripts.out()).isEqualTo("interest-noawait /usr/lib/jvm\n");
  }

  @Test
  void theManPageRendersWithoutAWarning() throws Exception {
    Path tree = Files.createDirectory(work.resolve("tree"));
    assertThat(run(work, "dpkg-deb", "-x", deb().toString(), tree.toString()).exitCode()).isZero();
    Path page = tree.resolve("usr/share/man/man1/promjob.1.gz");

    Launcher.Result r =
        Launcher.runCommand(
            work,
            Map.of("MANWIDTH", "80", "LC_ALL", "C.UTF-8"),
            null,
            List.of("man", "--warnings", "-l", page.toString()));

    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("promjob - report the outcome of cron jobs")
        .contains("promjob " + version())
        .contains("promjob run --job NAME [OPTION]... -- COMMAND [ARG]...")
        .contains("EXIT STATUS");
  }

  @Test
  void theJarSaysItsVersion() throws Exception {
    Launcher.Result r = Launcher.run(work, Map.of(), null, "--version");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("promjob " + version() + "\n");
  }

  @Test
  void theTarballsLauncherFindsItsJarThroughASymlinkAndKeepsTheArchiveBesideIt() throws Exception {
    Path tarball = target().resolve("promjob-" + version() + ".tar.gz");
    assertThat(run(work, "tar", "-C", work.toString(), "-xzf", tarball.toString()).exitCode())
        .isZero();
    Path top = work.resolve("promjob-" + version());
    assertThat(top.resolve("INSTALL")).content().contains("promjob-" + version() + ".tar.gz");
    Path link = Files.createSymbolicLink(work.resolve("promjob"), top.resolve("bin/promjob"));

    Launcher.Result version = run(work, link.toString(), "--version");
    Launcher.Result archive = run(work, link.toString(), "--make-cds-archive");

    assertThat(version.out()).isEqualTo("promjob " + version() + "\n");
    assertThat(archive.exitCode()).as(archive.err()).isZero();
    assertThat(archive.out()).isEqualTo("promjob: wrote " + top.resolve("lib/promjob.jsa") + "\n");
  }

  /**
   * Main tells lib to skip its check for an older client_java first on the class path: under {@code
   * java -jar} the class path is this jar alone, and it holds the client_java promjob was built
   * with, every class the check probes included.
   */
  @Test
  void theJarShipsTheClientJavaWhoseVersionCheckMainSkips() throws Exception {
    try (java.util.jar.JarFile jar =
        new java.util.jar.JarFile(target().resolve("promjob.jar").toFile())) {
      assertThat(
              List.of(
                  "io/prometheus/metrics/model/snapshots/MetricFamilyDescriptor.class",
                  "io/prometheus/metrics/config/EscapingScheme.class",
                  "io/prometheus/metrics/expositionformats/PrometheusTextFormatWriter$Builder.class",
                  "dev/promjob/internal/ClientJava.class"))
          .allMatch(name -> jar.getEntry(name) != null);
      // The providers Main names, so that no run searches for them, are those the jar holds.
      assertThat(
              new String(
                      jar.getInputStream(
                              jar.getEntry("META-INF/services/dev.promjob.spi.BackendProvider"))
                          .readAllBytes(),
                      java.nio.charset.StandardCharsets.UTF_8)
                  .lines()
                  .filter(l -> !l.isBlank())
                  .toList())
          .containsExactlyInAnyOrder(Main.PROVIDERS.split(","));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(Main.class.getName());
    }
    assertThat(Main.CLIENT_JAVA_BUNDLED).isEqualTo(dev.promjob.internal.ClientJava.BUNDLED);
  }
}
