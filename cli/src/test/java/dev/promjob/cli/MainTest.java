package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole command lines in this JVM, but run (RunIT runs it through the launcher). */
class MainTest {
  @Test
  void theProvidersItNamesAreTheServiceFilesItBundles() throws java.io.IOException {
    List<String> listed = new java.util.ArrayList<>();
    var files =
        MainTest.class
            .getClassLoader()
            .getResources("META-INF/services/" + dev.promjob.spi.BackendProvider.class.getName());
    while (files.hasMoreElements()) {
      java.net.URL file = files.nextElement();
      if (file.toString().contains("/test-classes/") || file.toString().contains("-tests.jar")) {
        continue; // another module's tests: never in the jar
      }
      try (var in = file.openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            listed.add(line.trim());
          }
        }
      }
    }
    assertThat(List.of(Main.PROVIDERS.split(","))).containsExactlyInAnyOrderElementsOf(listed);
    assertThat(Main.BUNDLED_PROVIDERS).isEqualTo(dev.promjob.internal.BundledProviders.PROPERTY);
  }

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int main(String stdin, String... args) {
    return Main.run(
        List.of(args),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** A file as a writer leaves it, in the test's directory made listable as node_exporter's is. */
  Path promFile(String name, String text) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path f = Files.writeString(dir.resolve(name), text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    return f;
  }

  /** {@code promjob write --job queue --textfile-dir target [source]} with {@code stdin}. */
  int writeQueue(String stdin, Path target, String... source) {
    String[] args = new String[5 + source.length];
    System.arraycopy(
        new String[] {"write", "--job", "queue", "--textfile-dir", target.toString()},
        0,
        args,
        0,
        5);
    System.arraycopy(source, 0, args, 5, source.length);
    return main(stdin, args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpGoesToStdoutAndExitsZero() {
    assertThat(main("", "--help")).isZero();
    assertThat(out()).isEqualTo(Main.USAGE_TEXT + "\n");
    assertThat(main("", "-h")).isZero();
    assertThat(main("", "help")).isZero();
  }

  @Test
  void versionGoesToStdoutAndExitsZero() {
    assertThat(main("", "--version")).isZero();
    // Classes run from target/classes have no manifest; VersionIT runs the jar.
    assertThat(out()).isEqualTo(Main.version(null) + "\n");
    assertThat(main("", "-V")).isZero();
    assertThat(err()).isEmpty();
    assertThat(Main.version("0.1.0-SNAPSHOT")).isEqualTo("promjob 0.1.0-SNAPSHOT");
    assertThat(Main.version(null)).startsWith("promjob (version unknown");
  }

  @Test
  void aBadCommandLineExitsTwoNamingWhatIsWrong() {
    assertThat(main("")).isEqualTo(2);
    assertThat(err())
        .contains("promjob: '': a subcommand is required")
        .contains("Try 'promjob --help'.");
    assertThat(main("", "launch")).isEqualTo(2);
    assertThat(err()).contains("'launch': unknown subcommand");
    assertThat(main("", "-Dnoequals", "lint")).isEqualTo(2);
    assertThat(err()).contains("'noequals': -D needs KEY=VALUE");
    assertThat(main("", "run", "--job", "x")).isEqualTo(2);
    assertThat(err()).contains("'--': nothing to run");
    assertThat(main("", "run", "--job", "x", "stray", "--", "true")).isEqualTo(2);
    assertThat(err()).contains("'stray': the command goes after --");
    assertThat(main("", "run", "--job", "x", "--textfile-dir", "d", "--backend", "b", "--", "true"))
        .isEqualTo(2);
    assertThat(err()).contains("'b': --backend and --textfile-dir exclude each other");
    assertThat(main("", "run", "--job", "", "--", "true")).isEqualTo(2); // lib's own refusal
    assertThat(main("", "run", "--job", "x", "--every", "0s", "--", "true")).isEqualTo(2);
    assertThat(err()).contains("'0s': --every must be a positive duration");
    assertThat(main("", "run", "--job", "x", "--label", "=v", "--", "true")).isEqualTo(2);
    assertThat(err()).contains("'=v': --label must be NAME=VALUE");
    assertThat(main("", "delete", "--job", "x", "extra")).isEqualTo(2);
    assertThat(main("", "write", "--job", "x", "a", "b")).isEqualTo(2);
    assertThat(main("", "lint", "a", "b")).isEqualTo(2);
    assertThat(main("", "lint", "--format", "yaml")).isEqualTo(2);
    assertThat(err()).contains("'yaml': --format must be text or json");
    assertThat(out()).isEmpty();
  }

  @Test
  void writeInstallsTheFileAndSaysNothing() throws Exception {
    String d = dir.toString();
    int code =
        main(
            "# HELP q Depth.\nq 1\n",
            "write",
            "--job",
            "queue",
            "--label",
            "disk=a",
            "--every",
            "1h",
            "--textfile-dir",
            d);

    assertThat(code).as(err()).isZero();
    assertThat(out()).isEmpty();
    assertThat(err()).isEmpty();
    String text = Files.readString(dir.resolve("queue@disk=a.prom"));
    assertThat(text)
        .contains("q{disk=\"a\",job_name=\"queue\"} 1.0\n")
        .contains("promjob_expected_interval_seconds{disk=\"a\",job_name=\"queue\"} 3600.0\n")
        .contains("promjob_last_run_success{disk=\"a\",job_name=\"queue\"} 1.0\n");
  }

  @Test
  void writeRefusesWithTheSourceAndTheLine() throws Exception {
    Path input = Files.writeString(dir.resolve("in.txt"), "# HELP q Depth.\nq{job_name=\"x\"} 1\n");
    Path target = Files.createDirectory(dir.resolve("t"));

    assertThat(writeQueue("", target, input.toString())).isEqualTo(1);
    assertThat(err())
        .startsWith("promjob: " + input + ":2: 'job_name': label name reserved by promjob")
        .endsWith("; nothing written\n");
    assertThat(writeQueue("", target, dir.resolve("absent").toString())).isEqualTo(1);
    assertThat(err())
        .contains("promjob: cannot read '" + dir.resolve("absent") + "': does not exist\n");
    assertThat(writeQueue("", target)).isEqualTo(1);
    assertThat(err()).contains("promjob: (stdin): no metrics in the input; nothing written");
    assertThat(writeQueue("# HELP q Depth.\n# TYPE q gauge\n", target)).isEqualTo(1);
    assertThat(writeQueue("q 1 2\n", target, "-")).isEqualTo(1);
    assertThat(err()).contains("promjob: (stdin):1: ");
    try (var files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void deleteRemovesTheJobsFile() throws Exception {
    String d = dir.toString();
    assertThat(writeQueue("# HELP q Depth.\nq 1\n", dir)).isZero();

    assertThat(main("", "delete", "--job", "queue", "--textfile-dir", d)).isZero();

    assertThat(dir.resolve("queue.prom")).doesNotExist();
    assertThat(
            main(
                "",
                "delete",
                "--job",
                "queue",
                "--textfile-dir",
                dir.resolve("nowhere").toString()))
        .isEqualTo(2);
    assertThat(err())
        .startsWith(
            "promjob: '" + dir.resolve("nowhere") + "': the textfile directory does not exist");
  }

  @Test
  void lintPrintsFindingsAndTheirCount() throws Exception {
    Path f = promFile("a.prom", "q 1 17\n");

    assertThat(main("", "lint", dir.toString(), "--user", "root")).isEqualTo(1);

    assertThat(out()).startsWith(f + ":1: parse-error: ");
    assertThat(err()).isEqualTo("promjob lint: 1 problem in " + dir + "\n");
  }

  @Test
  void lintInJsonCountsFilesAndSaysNothingElse() throws Exception {
    promFile("a.prom", "# HELP q_a Q.\nq_a 1\n");
    promFile("b.prom", "# HELP q_b Q.\nq_b 1\n");

    assertThat(main("", "lint", dir.toString(), "--format", "json", "--user", "root")).isZero();

    assertThat(out()).isEqualTo("{\"directory\":\"" + dir + "\",\"files\":2,\"findings\":[]}\n");
    assertThat(err()).isEmpty();
    assertThat(main("", "-Dpromjob.textfile.dir=" + dir, "lint", "--user", "root")).isZero();
    Files.setLastModifiedTime(
        dir.resolve("a.prom"), java.nio.file.attribute.FileTime.fromMillis(0));
    assertThat(main("", "lint", dir.toString(), "--user", "root", "--stale-after", "1d"))
        .isEqualTo(1);
    assertThat(out()).contains(dir.resolve("a.prom") + ": stale: not rewritten for ");
  }

  @Test
  void twoProblemsAreCountedAsSuch() throws Exception {
    promFile("a.prom", "bad\n");
    promFile("b.prom", "bad\n");

    assertThat(main("", "lint", dir.toString(), "--format", "json", "--user", "root")).isEqualTo(1);
    assertThat(out()).contains("\"files\":2,\"findings\":[{").contains("},{\"file\":");
    assertThat(main("", "lint", dir.toString(), "--user", "root")).isEqualTo(1);
    assertThat(err()).isEqualTo("promjob lint: 2 problems in " + dir + "\n");
  }

  @Test
  void aDurationBeyondAYearIsRefusedBeforeTheCommandRuns() throws Exception {
    Path ran = dir.resolve("ran");
    for (String flag : new String[] {"--timeout", "--every"}) {
      int code =
          main(
              "",
              "run",
              "--job",
              "x",
              "--textfile-dir",
              dir.toString(),
              flag,
              "200000d",
              "--",
              "touch",
              ran.toString());

      assertThat(code).as(flag).isEqualTo(2);
      assertThat(err()).contains("'200000d': " + flag + " must be a positive duration of at most");
      assertThat(ran).as("nothing ran").doesNotExist();
    }
  }
}
