package dev.promjob.textfile;

import static dev.promjob.textfile.TextfileBackendTest.T0;
import static dev.promjob.textfile.TextfileBackendTest.backend;
import static dev.promjob.textfile.TextfileBackendTest.job;
import static dev.promjob.textfile.TextfileBackendTest.report;
import static dev.promjob.textfile.TextfileBackendTest.samples;
import static dev.promjob.textfile.TextfileBackendTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.spi.Exposition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The textfile carries the count of consecutive failures from the previous file. */
class ConsecutiveFailuresTextfileTest {
  enum Fs {
    JIMFS_UNIX,
    TEMP_DIR
  }

  @TempDir Path tempDir;
  private FileSystem jimfs;

  @AfterEach
  void closeJimfs() throws IOException {
    if (jimfs != null) {
      jimfs.close();
    }
  }

  Path dir(Fs fs) throws IOException {
    if (fs == Fs.TEMP_DIR) {
      return Files.createDirectories(tempDir.resolve("textfile"));
    }
    jimfs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .build());
    return Files.createDirectories(jimfs.getPath("/var/lib/node-exporter"));
  }

  static final String COUNT =
      BatchMetrics.CONSECUTIVE_FAILURES + "{database=\"users\",job_name=\"db_backup\"}";

  static void publish(TextfileBackend b, Job job, Outcome outcome, Instant end) throws IOException {
    b.publish(Exposition.of(report(job, outcome, end), job.identityLabels()));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void threeFailuresThenASuccessCountOneTwoThreeZero(Fs fs) throws IOException {
    TextfileBackend b = backend(dir(fs));
    Job job = job();
    Path file = b.fileOf(job);
    List<Double> counts = new ArrayList<>();
    List<Double> lastSuccess = new ArrayList<>();
    publish(b, job, Outcome.SUCCESS, T0);
    counts.add(value(file, BatchMetrics.CONSECUTIVE_FAILURES));
    for (int i = 1; i <= 4; i++) {
      publish(b, job, i < 4 ? Outcome.FAILURE : Outcome.SUCCESS, T0.plusSeconds(3600L * i));
      counts.add(value(file, BatchMetrics.CONSECUTIVE_FAILURES));
      lastSuccess.add(value(file, BatchMetrics.LAST_SUCCESS));
    }
    assertThat(counts).containsExactly(0.0, 1.0, 2.0, 3.0, 0.0);
    double t0 = T0.getEpochSecond();
    assertThat(lastSuccess).containsExactly(t0, t0, t0, t0 + 4 * 3600);
    assertThat(samples(file)).contains(COUNT + " 0.0");
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFirstRunThatFailsCountsOne(Fs fs) throws IOException {
    TextfileBackend b = backend(dir(fs));
    publish(b, job(), Outcome.FAILURE, T0);
    assertThat(samples(b.fileOf(job()))).contains(COUNT + " 1.0");
  }

  /** A file of a promjob without the count whose last run failed: that was one failure. */
  @ParameterizedTest
  @EnumSource(Fs.class)
  void aPreviousFileWithoutTheCountCountsItsFailedRun(Fs fs) throws IOException {
    TextfileBackend b = backend(dir(fs));
    Job job = job();
    publish(b, job, Outcome.FAILURE, T0);
    Path file = b.fileOf(job);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> kept = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.contains(BatchMetrics.CONSECUTIVE_FAILURES)) {
        kept.add(line);
      }
    }
    Files.writeString(file, String.join("\n", kept), StandardCharsets.UTF_8);
    publish(b, job, Outcome.FAILURE, T0.plusSeconds(60));
    assertThat(samples(file)).contains(COUNT + " 2.0");
  }

  /** Another job's count in a file of the same name is not this job's (identity labels differ). */
  @ParameterizedTest
  @EnumSource(Fs.class)
  void onlyTheJobsOwnCountIsCarried(Fs fs) throws IOException {
    TextfileBackend b = backend(dir(fs));
    Job job = job();
    publish(b, job, Outcome.FAILURE, T0);
    Path file = b.fileOf(job);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(
        file,
        text.replace(COUNT + " 1.0", COUNT.replace("users", "orders") + " 9.0"),
        StandardCharsets.UTF_8);
    publish(b, job, Outcome.FAILURE, T0.plusSeconds(60));
    // not 10 (the other job's) and not 1 (the count left out): the last run failed, so 2
    assertThat(samples(file)).contains(COUNT + " 2.0");
  }
}
