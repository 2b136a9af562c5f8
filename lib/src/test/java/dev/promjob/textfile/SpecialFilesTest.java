package dev.promjob.textfile;

import static dev.promjob.textfile.TextfileBackendTest.T0;
import static dev.promjob.textfile.TextfileBackendTest.job;
import static dev.promjob.textfile.TextfileBackendTest.report;
import static dev.promjob.textfile.TextfileBackendTest.tempFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promjob.Outcome;
import dev.promjob.testing.LogCapture;
import dev.promjob.testing.OpenDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIFOs and devices in the textfile directory, on the real file system: opening a FIFO blocks until
 * a writer comes, reading {@code /dev/zero} never ends. promjob opens regular files only, so none
 * of them can hang a report. Every test runs under a preemptive timeout: a hang fails it.
 */
class SpecialFilesTest {
  private static final Duration HANG = Duration.ofSeconds(20);

  @TempDir Path tmp;

  Path dir() throws IOException {
    return Files.createDirectories(tmp.resolve("textfile"));
  }

  static void mkfifo(Path p) throws IOException, InterruptedException {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mk.exitValue()).isZero();
  }

  @Test
  void aFifoAmongTheOtherFilesIsSkipped() throws Exception {
    Path dir = dir();
    mkfifo(dir.resolve("other.prom"));
    mkfifo(tmp.resolve("outside-fifo"));
    Files.createSymbolicLink(dir.resolve("linked.prom"), tmp.resolve("outside-fifo"));
    Files.createSymbolicLink(dir.resolve("zero.prom"), Path.of("/dev/zero"));
    Files.createSymbolicLink(dir.resolve("dangling.prom"), tmp.resolve("nowhere"));
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    try (LogCapture log = LogCapture.start()) {
      assertTimeoutPreemptively(HANG, () -> backend.report(report(job(), Outcome.SUCCESS, T0)));
      // node_exporter reports a dangling link itself (a scrape error); nothing of it is ours to log
      assertThat(log.messages()).isEmpty();
    }
    assertTimeoutPreemptively(
        HANG, () -> backend.report(report(job(), Outcome.FAILURE, T0.plusSeconds(5))));
    assertThat(Files.isRegularFile(backend.fileOf(job()))).isTrue();
    assertThat(tempFiles(dir)).isEmpty();
    assertThat(Files.exists(dir.resolve("other.prom"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void aFifoAtTheJobsOwnNameIsRefusedNotOpened() throws Exception {
    Path dir = dir();
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    mkfifo(backend.fileOf(job()));
    for (Outcome outcome : Outcome.values()) {
      assertTimeoutPreemptively(
          HANG,
          () ->
              assertThatThrownBy(() -> backend.report(report(job(), outcome, T0)))
                  .isInstanceOf(IOException.class)
                  .hasMessageContaining(
                      backend.fileOf(job())
                          + ": is not a regular file (a FIFO, a device or a directory)"));
    }
    assertTimeoutPreemptively(
        HANG,
        () ->
            assertThatThrownBy(() -> backend.delete(job()))
                .hasMessageContaining("is not a regular file"));
    assertThat(tempFiles(dir)).isEmpty();
    assertThat(Files.exists(backend.fileOf(job()), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void aFifoNamedLikeADeadWritersTempIsLeftAlone() throws Exception {
    Path dir = dir();
    Path fifo =
        dir.resolve(
            "."
                + FileNames.base(job())
                + ".999999999.0123456789abcdef"
                + TextfileBackend.TEMP_SUFFIX);
    mkfifo(fifo);
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    assertTimeoutPreemptively(HANG, () -> backend.report(report(job(), Outcome.SUCCESS, T0)));
    assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS))
        .as("not promjob's: never touched")
        .isTrue();
  }

  @Test
  void aFifoAtTheLockNameDoesNotBlock() throws Exception {
    Path dir = dir();
    mkfifo(JobLock.pathOf(dir, FileNames.base(job())));
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    assertTimeoutPreemptively(
        HANG,
        () ->
            assertThatThrownBy(() -> backend.report(report(job(), Outcome.SUCCESS, T0)))
                .hasMessageContaining("the lock file is not a regular file"));
    assertThat(tempFiles(dir)).isEmpty();
    assertThat(OpenDescriptors.under(dir)).as("the FIFO opened to check it is closed").isEmpty();
  }
}
