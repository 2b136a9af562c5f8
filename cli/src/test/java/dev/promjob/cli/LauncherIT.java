package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script itself: what an install into /usr/local relies on. */
class LauncherIT {
  @TempDir Path work;

  @Test
  void aSymlinkToTheLauncherFindsTheJarBesideTheScript() throws Exception {
    Path link = Files.createSymbolicLink(work.resolve("promjob"), Launcher.path());

    Launcher.Result r =
        Launcher.runCommand(work, Map.of(), null, List.of(link.toString(), "--help"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("usage:\n  promjob run");
  }

  @Test
  void withoutJavaItSaysWhatToInstall() throws Exception {
    Launcher.Result r =
        Launcher.runCommand(
            work,
            Map.of("PATH", "/nonexistent", "JAVA_HOME", ""),
            null,
            List.of("/bin/sh", Launcher.path().toString(), "--help"));

    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.err()).contains("promjob: no java found").contains("JAVA_HOME");
  }

  @Test
  void theClassDataArchiveIsMappedAndTheLaunchersOwnVariablesNeverReachTheJvm() throws Exception {
    Path dir = Files.createDirectory(work.resolve("textfiles"));
    List<String> cmd =
        List.of(
            Launcher.path().toString(),
            "run",
            "--job",
            "cds_check",
            "--textfile-dir",
            dir.toString(),
            "--",
            "true");

    Launcher.Result on =
        Launcher.runCommand(work, Map.of("PROMJOB_JAVA_OPTS", "-Xlog:cds"), null, cmd);
    Launcher.Result off =
        Launcher.runCommand(
            work, Map.of("PROMJOB_JAVA_OPTS", "-Xlog:cds", "PROMJOB_CDS", "off"), null, cmd);

    // lib refuses PROMJOB_* variables it does not know: these two are removed before the JVM.
    assertThat(on.exitCode()).as(on.err()).isZero();
    assertThat(off.exitCode()).as(off.err()).isZero();
    String jsa = Launcher.path().resolveSibling("promjob.jsa").toString();
    assertThat(on.out()).contains("Opened archive " + jsa);
    assertThat(off.out()).doesNotContain("promjob.jsa");
  }

  /** {@code promjob ARGS...} under cron's environment (no locale) plus {@code env}. */
  Launcher.Result cron(List<String> env, String... args) throws Exception {
    return Launcher.runCommand(work, Map.of(), null, Launcher.cron(env, args));
  }

  @Test
  void withoutALocaleWhatTheUserWroteIsWhatRunsAndWhatIsWritten() throws Exception {
    Path dir = Files.createDirectory(work.resolve("textfiles"));
    Path script = Files.createDirectories(work.resolve("d\u00edr")).resolve("s\u00e9.sh");
    Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path input = work.resolve("\u00efn.txt");
    Files.writeString(input, "# HELP q Depth.\n# TYPE q gauge\nq 1\n");
    String tick = "d\u00eda \u2713";
    String textfileDir = dir.toString();

    Launcher.Result echo =
        cron(List.of(), "run", "--job", "x", "--textfile-dir", textfileDir, "--", "echo", tick);
    Launcher.Result path =
        cron(
            List.of(),
            "run",
            "--job",
            "y",
            "--textfile-dir",
            textfileDir,
            "--label",
            "site=z\u00fcrich",
            "--",
            script.toString(),
            tick);
    Launcher.Result write =
        cron(List.of(), "write", "--job", "w", "--textfile-dir", textfileDir, input.toString());
    Launcher.Result again =
        cron(
            List.of("LANG=C.UTF-8"),
            "run",
            "--job",
            "y",
            "--textfile-dir",
            textfileDir,
            "--label",
            "site=z\u00fcrich",
            "--",
            "true");

    assertThat(echo.out()).isEqualTo(tick + "\n"); // before: "d??a ???"
    assertThat(path.exitCode()).as(path.err()).isZero(); // before: 127
    assertThat(path.out()).isEqualTo(tick + "\n");
    assertThat(write.exitCode()).as(write.err()).isZero(); // before: "Malformed input"
    assertThat(again.exitCode()).as(again.err()).isZero();
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> !n.equals(".promjob+guard-summary")) // the guard's, of the others
              .sorted()
              .toList();
    }
    // One file for the label, whichever locale ran it (before: a second one, z\ufffd\ufffdrich).
    assertThat(files).containsExactly("w.prom", "x.prom", "y@site=z%C3%BCrich.prom");
    assertThat(Files.readString(dir.resolve("y@site=z%C3%BCrich.prom"), StandardCharsets.UTF_8))
        .contains("promjob_last_run_success{job_name=\"y\",site=\"z\u00fcrich\"} 1");
  }

  @Test
  void theCommandGetsTheCallersOwnLocaleVariablesUnsetOnesIncluded() throws Exception {
    Path dir = Files.createDirectory(work.resolve("textfiles"));
    List<List<String>> callers =
        List.of(
            List.of(),
            List.of("LC_ALL=C", "LANG=xx_XX.UTF-8", "LC_TIME=de_DE.UTF-8"),
            List.of("LANG=C.UTF-8", "LANGUAGE=fr:en", "LC_ALL="),
            List.of("LC_CTYPE=de_DE.ISO-8859-1"));
    for (List<String> caller : callers) {
      List<String> shell = new ArrayList<>(caller);
      shell.addAll(List.of("sh", "-c", "env | sort"));
      Launcher.Result bySh = Launcher.runCommand(work, Map.of(), null, cronCommand(shell));

      Launcher.Result byPromjob =
          cron(
              caller,
              "run",
              "--job",
              "env",
              "--textfile-dir",
              dir.toString(),
              "--",
              "sh",
              "-c",
              "env | sort");

      assertThat(byPromjob.exitCode()).as(byPromjob.err()).isZero();
      // Besides the caller's own: where the command writes its metrics, its only addition.
      String metricsFile = "PROMJOB_METRICS_FILE=";
      assertThat(byPromjob.out().lines().filter(l -> l.startsWith(metricsFile))).hasSize(1);
      assertThat(byPromjob.out().replaceFirst("(?m)^" + metricsFile + ".*\n", ""))
          .as("under %s", caller)
          .isEqualTo(bySh.out());
    }
  }

  /** {@code env -i PATH=/usr/bin:/bin ...} with the same JAVA_HOME as {@link Launcher#cron}. */
  static List<String> cronCommand(List<String> rest) {
    List<String> cmd = new ArrayList<>(Launcher.cron(rest));
    cmd.remove(Launcher.path().toString());
    return cmd;
  }
}
