package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promjob.BatchMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A textfile directory as status reads it: promjob's families only, problems of its files. */
class TextfileJobsTest {
  @TempDir Path dir;

  static final String HELP =
      "# HELP promjob_last_run_success 1 if the job's last run succeeded, 0 if it failed.\n"
          + "# TYPE promjob_last_run_success gauge\n";

  @Test
  void eachLabelSetOfTheStandardFamiliesIsAJobAndOtherFamiliesAreIgnored() throws IOException {
    Files.writeString(
        dir.resolve("a.prom"),
        HELP
            + "promjob_last_run_success{job_name=\"a\",site=\"x\",empty=\"\"} 1\n"
            + "promjob_last_run_success{job_name=\"b\"} 0\n"
            + "# HELP own Own.\nown{job_name=\"a\",site=\"x\"} 7\n");
    Files.writeString(dir.resolve("other.prom"), "# HELP q Q.\nq 1\n");
    Files.writeString(dir.resolve("notes.txt"), "promjob_last_run_success 1 1 1\n");

    List<JobReport> jobs = TextfileJobs.read(dir);

    assertThat(jobs)
        .containsExactly(
            JobReport.of(
                Map.of("job_name", "a", "site", "x"),
                Map.of(BatchMetrics.LAST_RUN_SUCCESS, 1.0),
                "a.prom",
                false),
            JobReport.of(
                Map.of("job_name", "b"),
                Map.of(BatchMetrics.LAST_RUN_SUCCESS, 0.0),
                "a.prom",
                false));
  }

  @Test
  void aPromjobFileNodeExporterSkipsIsAProblemAnotherWritersIsNot() throws IOException {
    Files.writeString(
        dir.resolve("job.prom"), HELP + "promjob_last_run_success{job_name=\"a\"} 1 17\n");
    Files.writeString(dir.resolve("mine.prom"), "q 1 17\n");

    List<JobReport> jobs = TextfileJobs.read(dir);

    assertThat(jobs)
        .containsExactly(
            JobReport.problem(
                "job.prom",
                "line 3: sample has a timestamp (\"17\"): node_exporter skips the whole file"));
  }

  @Test
  void aFifoIsNotReadAndADirectoryNamedPromIsSkipped() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.prom").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    Files.createDirectory(dir.resolve("sub.prom"));

    // opening a FIFO blocks until a writer comes: a hang fails the test rather than hanging it
    assertThat(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> TextfileJobs.read(dir)))
        .containsExactly(
            JobReport.problem("pipe.prom", "not a regular file: node_exporter hangs or skips it"));
  }

  @Test
  void aDirectoryThatCannotBeListedIsAnErrorNamingIt() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> TextfileJobs.read(missing))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot list the textfile directory '" + missing + "': does not exist");
  }
}
