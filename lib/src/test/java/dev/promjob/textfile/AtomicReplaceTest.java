package dev.promjob.textfile;

import static dev.promjob.textfile.TextfileBackendTest.T0;
import static dev.promjob.textfile.TextfileBackendTest.job;
import static dev.promjob.textfile.TextfileBackendTest.report;
import static dev.promjob.textfile.TextfileBackendTest.tempFiles;
import static dev.promjob.textfile.TextfileBackendTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.BatchMetrics;
import dev.promjob.Outcome;
import dev.promjob.testing.OpenDescriptors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The atomic replace step by step, through the {@link Disk} seam: its order, what it refuses when
 * the temp's name is tampered with, and one writer at a time.
 */
class AtomicReplaceTest {
  enum Fs {
    JIMFS_UNIX,
    JIMFS_WINDOWS,
    JIMFS_MACOS,
    TEMP_DIR
  }

  @TempDir Path tempDir;
  private FileSystem jimfs;

  @AfterEach
  void close() throws IOException {
    if (jimfs != null) {
      jimfs.close();
    }
  }

  Path dir(Fs fs) throws IOException {
    Configuration c =
        switch (fs) {
          case JIMFS_UNIX ->
              Configuration.unix().toBuilder()
                  .setAttributeViews("basic", "owner", "posix", "unix")
                  .build();
          case JIMFS_WINDOWS -> Configuration.windows();
          case JIMFS_MACOS ->
              Configuration.osX().toBuilder()
                  .setAttributeViews("basic", "owner", "posix", "unix")
                  .build();
          case TEMP_DIR -> null;
        };
    if (c == null) {
      return Files.createDirectories(tempDir.resolve("textfile"));
    }
    jimfs = Jimfs.newFileSystem(c);
    return Files.createDirectories(
        jimfs.getRootDirectories().iterator().next().resolve("textfile"));
  }

  /** Records each step; the real step runs after the record. */
  static class Recorder implements Disk {
    final List<String> steps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Temp create(Path path, Set<PosixFilePermission> mode) throws IOException {
      steps.add("create " + path.getFileName());
      return Disk.super.create(path, mode);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
      steps.add("force " + channel.size() + " bytes");
      Disk.super.force(channel);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
      steps.add("rename " + from.getFileName() + " -> " + to.getFileName());
      Disk.REAL.move(from, to);
    }

    @Override
    public void forceDirectory(Path directory) throws IOException {
      steps.add("force directory " + directory.getFileName());
      Disk.super.forceDirectory(directory);
    }
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void createsWritesForcesRenamesThenForcesTheDirectory(Fs fs) throws IOException {
    Path dir = dir(fs);
    Recorder disk = new Recorder();
    TextfileBackend backend =
        TextfileBackend.builder()
            .directory(dir)
            .disk(disk)
            .tempNames(() -> "0123456789abcdef")
            .build();
    backend.report(report(job(), Outcome.SUCCESS, T0));
    String temp =
        "."
            + FileNames.base(job())
            + "."
            + ProcessHandle.current().pid()
            + ".0123456789abcdef.promjob-tmp";
    long size = Files.size(backend.fileOf(job()));
    assertThat(disk.steps)
        .containsExactly(
            "create " + temp,
            "force " + size + " bytes", // every byte written before the fsync
            "rename " + temp + " -> " + backend.fileOf(job()).getFileName(),
            "force directory textfile");
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aTempSwappedForAHardLinkIsNeverPublishedNorChmodded(Fs fs) throws IOException {
    Path dir = dir(fs);
    Path shadow = Files.writeString(dir.getParent().resolve("shadow"), "root:secret\n");
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.setPosixFilePermissions(shadow, PosixFilePermissions.fromString("rw-------"));
    }
    TextfileBackend backend =
        backend(
            dir,
            new Recorder() {
              @Override
              public void force(FileChannel channel) throws IOException {
                super.force(channel);
                // The attacker's move between our write and our rename: the name now holds the
                // shadow.
                Path temp = onlyTemp(dir);
                Files.delete(temp);
                Files.createLink(temp, shadow);
              }
            });
    backend(dir, new Recorder()).report(report(job(), Outcome.SUCCESS, T0));
    String before = Files.readString(backend.fileOf(job()));
    assertThatThrownBy(() -> backend.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(60))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the temp file was replaced while promjob wrote it");
    assertThat(tempFiles(dir)).isEmpty();
    assertThat(Files.readString(backend.fileOf(job()))).isEqualTo(before);
    assertThat(Files.readString(shadow)).isEqualTo("root:secret\n");
    if (posix) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shadow)))
          .isEqualTo("rw-------");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Fs.class,
      names = {"JIMFS_UNIX", "JIMFS_MACOS", "TEMP_DIR"})
  void aTempSomeoneLinkedIsNeverPublished(Fs fs) throws IOException {
    Path dir = dir(fs);
    Path kept = dir.getParent().resolve("kept-by-attacker");
    TextfileBackend backend =
        backend(
            dir,
            new Recorder() {
              @Override
              public void force(FileChannel channel) throws IOException {
                super.force(channel);
                Files.createLink(
                    kept, onlyTemp(dir)); // a second name for our file, outside our reach
              }
            });
    assertThatThrownBy(() -> backend.report(report(job(), Outcome.SUCCESS, T0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the temp file has 2 names");
    assertThat(Files.exists(backend.fileOf(job()))).isFalse();
    assertThat(tempFiles(dir)).isEmpty();
  }

  @Test
  void aReportLeavesNoFileOpenWhateverItFinds() throws IOException {
    // A service reports for weeks: one descriptor left per run would exhaust its limit.
    Path dir = dir(Fs.TEMP_DIR);
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    backend.report(report(job(), Outcome.SUCCESS, T0));
    backend.report(
        report(job(), Outcome.FAILURE, T0.plusSeconds(1))); // reads the previous file back
    assertThat(OpenDescriptors.under(dir)).isEmpty();
    Files.writeString(backend.fileOf(job()), "# another tool's file\nx 1\n");
    assertThatThrownBy(() -> backend.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(2))))
        .hasMessageContaining("not written by promjob");
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }

  @Test
  void theTempIsCreatedWithItsFinalMode() throws IOException {
    Path dir = dir(Fs.TEMP_DIR);
    AtomicReference<String> modeAtForce = new AtomicReference<>();
    TextfileBackend backend =
        TextfileBackend.builder()
            .directory(dir)
            .fileMode("0640")
            .disk(
                new Recorder() {
                  @Override
                  public void force(FileChannel channel) throws IOException {
                    super.force(channel);
                    try {
                      modeAtForce.set(
                          PosixFilePermissions.toString(
                              Files.getPosixFilePermissions(onlyTemp(dir))));
                    } catch (IOException e) {
                      throw new AssertionError(e);
                    }
                  }
                })
            .build();
    backend.report(report(job(), Outcome.SUCCESS, T0));
    assertThat(modeAtForce.get()).isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backend.fileOf(job()))))
        .isEqualTo("rw-r-----");
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void anOverlappingFailedRunNeverMovesTheLastSuccessBack(Fs fs) throws Exception {
    Path dir = dir(fs);
    backend(dir, new Recorder()).report(report(job(), Outcome.SUCCESS, T0));
    CountDownLatch atRename = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TextfileBackend held =
        backend(
            dir,
            new Recorder() {
              @Override
              public void move(Path from, Path to) throws IOException {
                atRename.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS); // a slow disk, a descheduled writer
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                super.move(from, to);
              }
            });
    AtomicReference<Throwable> failedRunError = new AtomicReference<>();
    Thread failedRun =
        new Thread(
            () -> {
              try {
                held.report(report(job(), Outcome.FAILURE, T0.plusSeconds(3600)));
              } catch (Throwable t) {
                failedRunError.set(t);
              }
            });
    failedRun.start();
    assertThat(atRename.await(30, TimeUnit.SECONDS)).isTrue();
    AtomicReference<Throwable> successError = new AtomicReference<>();
    Thread success =
        new Thread(
            () -> {
              try {
                backend(dir, new Recorder())
                    .report(report(job(), Outcome.SUCCESS, T0.plusSeconds(7200)));
              } catch (Throwable t) {
                successError.set(t);
              }
            });
    success.start();
    // Let the success run as far as it can get: to its end, or to waiting for the failed run.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (success.isAlive()
        && success.getState() != Thread.State.TIMED_WAITING
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    release.countDown();
    failedRun.join(30_000);
    success.join(30_000);
    assertThat(failedRunError.get()).isNull();
    assertThat(successError.get()).isNull();
    Path file = TextfileBackend.builder().directory(dir).build().fileOf(job());
    assertThat(value(file, BatchMetrics.LAST_SUCCESS))
        .isEqualTo(T0.plusSeconds(7200).getEpochSecond());
    assertThat(value(file, BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo(1.0);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSuccessNeverWritesALastSuccessOlderThanTheFileHolds(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend backend = backend(dir, new Recorder());
    backend.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(600)));
    // An overlapping run that ended earlier but reports later, or a wall clock stepped back.
    backend.report(report(job(), Outcome.SUCCESS, T0));
    assertThat(value(backend.fileOf(job()), BatchMetrics.LAST_SUCCESS))
        .isEqualTo(T0.plusSeconds(600).getEpochSecond());
    assertThat(value(backend.fileOf(job()), BatchMetrics.LAST_COMPLETION))
        .isEqualTo(T0.getEpochSecond());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  @SuppressWarnings("try") // the lock is held by the try block
  void aWriterThatCannotGetTheLockInTimeFailsNamingIt(Fs fs) throws Exception {
    Path dir = dir(fs);
    TextfileBackend backend =
        TextfileBackend.builder().directory(dir).lockTimeout(Duration.ofMillis(200)).build();
    backend.report(report(job(), Outcome.SUCCESS, T0));
    String before = Files.readString(backend.fileOf(job()));
    try (JobLock held = JobLock.acquire(dir, FileNames.base(job()), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> backend.report(report(job(), Outcome.FAILURE, T0.plusSeconds(60))))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "cannot write "
                  + backend.fileOf(job())
                  + ": cannot lock "
                  + JobLock.pathOf(dir, FileNames.base(job())))
          .hasMessageContaining("has held it for 200 ms (promjob.textfile.lock_timeout)");
    }
    assertThat(Files.readString(backend.fileOf(job()))).isEqualTo(before);
    assertThat(tempFiles(dir)).isEmpty();
  }

  static TextfileBackend backend(Path dir, Disk disk) {
    return TextfileBackend.builder().directory(dir).disk(disk).build();
  }

  static Path onlyTemp(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      List<Path> temps =
          s.filter(p -> p.getFileName().toString().endsWith(TextfileBackend.TEMP_SUFFIX)).toList();
      assertThat(temps).hasSize(1);
      return temps.get(0);
    }
  }
}
