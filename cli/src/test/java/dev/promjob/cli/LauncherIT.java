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

  /**
   * Every program the launcher starts is paid by every cron job (about a millisecond each): called
   * by its path, or through PATH, it starts java and nothing else (the directory by parameter
   * expansion, java found on PATH without a command substitution).
   */
  @Test
  void theLauncherStartsJavaAndNoOtherProgram() throws Exception {
    Path trace = work.resolve("trace");
    Launcher.Result r =
        Launcher.runCommand(
            work,
            Map.of(
                "PATH", Launcher.path().getParent() + ":" + System.getenv("PATH"), "JAVA_HOME", ""),
            null,
            List.of(
                "strace",
                "-f",
                "-qq",
                "-e",
                "trace=execve",
                "-o",
                trace.toString(),
                "promjob",
                "--version"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> started = new ArrayList<>();
    for (String line : Files.readAllLines(trace)) {
      int at = line.indexOf("execve(\"");
      if (at >= 0 && !line.contains("= -1 ")) { // PATH lookups that failed started nothing
        started.add(line.substring(at + 8, line.indexOf('"', at + 8)));
      }
    }
    assertThat(started)
        .as("programs started")
        .containsExactly(Launcher.path().toString(), javaOnPath());
  }

  private static String javaOnPath() {
    for (String d : System.getenv("PATH").split(":")) {
      Path java = Path.of(d.isEmpty() ? "." : d, "java");
      if (Files.isRegularFile(java) && Files.isExecutable(java)) {
        return java.toString();
      }
    }
    throw new AssertionError("no java on PATH");
  }

  /**
   * The archive is trained on both paths cron takes: {@code write}, and {@code run} with a command
   * that writes its own metrics, load no class of promjob or client_java from the jar.
   */
  @Test
  void runAndWriteLoadEveryClassOfPromjobAndClientJavaFromTheArchive() throws Exception {
    Path dir = Files.createDirectory(work.resolve("textfiles"));
    String metric = "# HELP trained_items Items.\ntrained_items 2\n";
    Map<String, String> env = Map.of("PROMJOB_JAVA_OPTS", "-Xlog:class+load");
    String path = Launcher.path().toString();
    List<Launcher.Result> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) { // the second finds the previous file, as every run but the first
      results.add(
          Launcher.runCommand(
              work,
              env,
              metric,
              List.of(path, "write", "--job", "trained_w", "--textfile-dir", dir.toString())));
      results.add(
          Launcher.runCommand(
              work,
              env,
              null,
              List.of(
                  path,
                  "run",
                  "--job",
                  "trained_r",
                  "--textfile-dir",
                  dir.toString(),
                  "--",
                  "/bin/sh",
                  "-c",
                  "printf '" + metric + "' >\"$PROMJOB_METRICS_FILE\"")));
    }
    for (Launcher.Result r : results) {
      assertThat(r.exitCode()).as(r.err()).isZero();
      List<String> promjobs =
          r.out()
              .lines()
              .filter(l -> l.contains("[class,load] dev.promjob.") || l.contains("io.prometheus."))
              .toList();
      assertThat(promjobs).as("classes loaded").isNotEmpty();
      assertThat(promjobs).as("not from the archive").allMatch(l -> l.contains("shared objects"));
    }
    assertThat(dir.resolve("trained_r.prom"))
        .content()
        .containsPattern("(?m)^trained_items\\{.*\\} 2\\.0$");
    assertThat(dir.resolve("trained_w.prom"))
        .content()
        .containsPattern("(?m)^trained_items\\{.*\\} 2\\.0$");
  }

  /**
   * Every promjob process is one short pass: C1 only, which C2's compiles would cost more than they
   * give back; PROMJOB_JAVA_OPTS can still ask for C2.
   */
  @Test
  void theJvmCompilesWithC1OnlyUnlessPromjobJavaOptsSaysOtherwise() throws Exception {
    Launcher.Result standard =
        Launcher.run(work, Map.of("PROMJOB_JAVA_OPTS", "-XX:+PrintFlagsFinal"), null, "--version");
    Launcher.Result asked =
        Launcher.run(
            work,
            Map.of("PROMJOB_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:TieredStopAtLevel=4"),
            null,
            "--version");

    assertThat(standard.exitCode()).as(standard.err()).isZero();
    assertThat(standard.out()).containsPattern("TieredStopAtLevel += 1 ");
    assertThat(asked.out()).containsPattern("TieredStopAtLevel += 4 ");
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
