package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.textfile.TextfileBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --backend textfile,pushgateway} on the command line (RunSeveralBackendsIT runs it). */
class SeveralBackendsCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int main(String... args) {
    return Main.run(
        List.of(args),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aNameGivenTwiceIsAConfigurationErrorNamingTheValue() {
    assertThat(
            main(
                "run",
                "--job",
                "x",
                "--textfile-dir",
                dir.toString(),
                "--backend",
                "textfile,textfile",
                "--",
                "true"))
        .isEqualTo(2);
    assertThat(err())
        .contains("'textfile,textfile': promjob.job.x.backend names backend textfile twice");
  }

  @Test
  void anUnknownNameInTheListIsRefusedAsAlone() {
    assertThat(
            main(
                "run",
                "--job",
                "x",
                "--textfile-dir",
                dir.toString(),
                "--backend",
                "textfile,nosuch",
                "--",
                "true"))
        .isEqualTo(2);
    assertThat(err()).contains("no 'nosuch' backend on the class path");
  }

  @Test
  void theTextfileDirectoryGoesWithAListThatNamesTheTextfileOnly() {
    assertThat(
            main(
                "write",
                "--job",
                "x",
                "--textfile-dir",
                dir.toString(),
                "--backend",
                "pushgateway,remote_write"))
        .isEqualTo(2);
    assertThat(err())
        .contains("'pushgateway,remote_write': --backend and --textfile-dir exclude each other");
  }

  @Test
  void anInstanceLabelIsRefusedInTheTextfilesWordsWhenTheTextfileIsOneOfThem() {
    assertThat(
            main(
                "run",
                "--job",
                "x",
                "--backend",
                "pushgateway,textfile",
                "--label",
                "instance=h",
                "--",
                "true"))
        .isEqualTo(2);
    assertThat(err()).contains("node_exporter's scrape gives every series");
  }

  @Test
  void theRunLockOfAJobOfSeveralBackendsIsTheTextfilesSharedWithItsOtherWriters() throws Exception {
    Backend textfile = TextfileBackend.builder().directory(dir).build();
    Backend other =
        new Backend() {
          @Override
          public String name() {
            return "pushgateway";
          }

          @Override
          public String location(Job job) {
            return "http://gw/metrics/job/" + job.name();
          }

          @Override
          public void publish(Exposition exposition) {}

          @Override
          public void delete(Job job) {}
        };
    Job job = Job.machineBound("backup").build();

    assertThat(RunLock.pathOf(job, List.of(other, textfile)))
        .isEqualTo(RunLock.pathOf(job, textfile))
        .isEqualTo(dir.resolve(".backup.promjob-run-lock"));
    assertThat(RunLock.pathOf(job, List.of(other, textfile)))
        .isNotEqualTo(RunLock.pathOf(job, other));
  }

  /**
   * The textfile refuses the command's families (a clash with another file of the directory), the
   * gateway is down: the textfile alone gets the run again without them, and the gateway's failure
   * is named, not hidden by the refusal.
   */
  @Test
  void onlyTheBackendThatRefusedTheCommandsFamiliesGetsTheRunAgainWithoutThem() throws Exception {
    Files.writeString(dir.resolve("other.prom"), "# HELP clash Other.\nclash 1\n");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort(); // closed again before the run: connection refused
    }
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int exit =
        RunCommand.main(
            List.of(
                "--job",
                "clashing",
                "--textfile-dir",
                dir.toString(),
                "--backend",
                "textfile,pushgateway",
                "--",
                "sh",
                "-c",
                "printf '# HELP clash Mine.\\nclash 2\\n' > \"$PROMJOB_METRICS_FILE\""),
            Config.of(Map.of("promjob.pushgateway.url", "http://127.0.0.1:" + closed)),
            errStream);

    assertThat(exit).as(err()).isZero();
    assertThat(Files.readString(dir.resolve("clashing.prom")))
        .as(err())
        .contains("promjob_last_run_metrics_refused{job_name=\"clashing\"} 1")
        .contains("promjob_last_run_success{job_name=\"clashing\"} 1")
        .doesNotContain("clash 2");
    assertThat(err())
        .contains("family clash has HELP \"Mine.\" here but \"Other.\" in other.prom")
        .contains("promjob: job 'clashing': report to pushgateway failed: ")
        .contains("127.0.0.1:" + closed);
  }
}
