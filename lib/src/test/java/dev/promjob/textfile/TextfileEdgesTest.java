package dev.promjob.textfile;

import static dev.promjob.textfile.TextfileBackendTest.T0;
import static dev.promjob.textfile.TextfileBackendTest.job;
import static dev.promjob.textfile.TextfileBackendTest.report;
import static dev.promjob.textfile.TextfileBackendTest.tempFiles;
import static dev.promjob.textfile.TextfileBackendTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promjob.BatchMetrics;
import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.Outcome;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The textfile backend's less travelled paths, each with the rule it keeps. */
class TextfileEdgesTest {
  @TempDir Path tmp;

  Path dir() throws IOException {
    return Files.createDirectories(tmp.resolve("textfile"));
  }

  @Test
  void saysItsNameAndMode() throws IOException {
    TextfileBackend b = TextfileBackend.builder().directory(dir()).fileMode("0640").build();
    assertThat(b.name()).isEqualTo("textfile");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(b.fileMode()))
        .isEqualTo("rw-r-----");
    assertThat(b.toString())
        .isEqualTo("TextfileBackend[" + b.directory() + ", mode rw-r-----, guard REFUSE]");
  }

  @Test
  void tempNamesAreRandomAndUnpredictableEnough() throws IOException {
    Path dir = dir();
    List<String> created = new CopyOnWriteArrayList<>();
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(dir)
            .disk(
                new AtomicReplaceTest.Recorder() {
                  @Override
                  public Temp create(
                      Path path, java.util.Set<java.nio.file.attribute.PosixFilePermission> mode)
                      throws IOException {
                    created.add(path.getFileName().toString());
                    return super.create(path, mode);
                  }
                })
            .build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    b.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(1)));
    String prefix =
        "\\."
            + java.util.regex.Pattern.quote(FileNames.base(job()))
            + "\\."
            + ProcessHandle.current().pid();
    assertThat(created)
        .hasSize(2)
        .allMatch(n -> n.matches(prefix + "\\.[0-9a-f]{16}\\.promjob-tmp"));
    assertThat(created.get(0)).isNotEqualTo(created.get(1));
  }

  @Test
  void givesUpAfterTenTakenTempNames() throws Exception {
    Path dir = dir();
    Path taken =
        dir.resolve(
            "."
                + FileNames.base(job())
                + "."
                + ProcessHandle.current().pid()
                + ".0123456789abcdef"
                + TextfileBackend.TEMP_SUFFIX);
    Files.writeString(taken, "someone else's");
    List<String> asked = new ArrayList<>();
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(dir)
            .tempNames(
                () -> {
                  asked.add("name");
                  return "0123456789abcdef";
                })
            .build();
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> b.report(report(job(), Outcome.SUCCESS, T0)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create a temp file in " + dir));
    assertThat(asked).hasSize(10);
    assertThat(Files.readString(taken)).isEqualTo("someone else's");
  }

  @Test
  void aTakenTempNameIsSkippedForAnother() throws IOException {
    Path dir = dir();
    String pid = "." + ProcessHandle.current().pid() + ".";
    Files.writeString(
        dir.resolve(
            "." + FileNames.base(job()) + pid + "aaaaaaaaaaaaaaaa" + TextfileBackend.TEMP_SUFFIX),
        "x");
    List<String> names = new ArrayList<>(List.of("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"));
    TextfileBackend b =
        TextfileBackend.builder().directory(dir).tempNames(() -> names.remove(0)).build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    assertThat(names).isEmpty();
    assertThat(value(b.fileOf(job()), BatchMetrics.LAST_RUN_SUCCESS)).isEqualTo(1.0);
  }

  @Test
  void deleteNamesAMissingDirectoryAndSweepsAndForces() throws IOException {
    Path dir = dir();
    AtomicReplaceTest.Recorder disk = new AtomicReplaceTest.Recorder();
    TextfileBackend b = TextfileBackend.builder().directory(dir).disk(disk).build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    Path dead =
        dir.resolve(
            "."
                + FileNames.base(job())
                + ".999999999.0123456789abcdef"
                + TextfileBackend.TEMP_SUFFIX);
    Files.writeString(dead, "half a file");
    disk.steps.clear();
    b.delete(job());
    assertThat(Files.exists(b.fileOf(job()))).isFalse();
    assertThat(Files.exists(dead)).as("a dead writer's temp, swept").isFalse();
    assertThat(disk.steps).containsExactly("force directory textfile");
    Path gone = tmp.resolve("gone");
    TextfileBackend missing = TextfileBackend.builder().directory(gone).build();
    assertThatThrownBy(() -> missing.delete(job()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(gone + ": the textfile directory does not exist");
    assertThat(Files.exists(gone)).isFalse();
  }

  @Test
  void aLiveWritersTempIsSweptOnlyWhenStale() throws IOException {
    Path dir = dir();
    String live = "." + FileNames.base(job()) + "." + ProcessHandle.current().pid() + ".";
    Path fresh =
        Files.writeString(
            dir.resolve(live + "1111111111111111" + TextfileBackend.TEMP_SUFFIX), "in progress");
    Path stale =
        Files.writeString(
            dir.resolve(live + "2222222222222222" + TextfileBackend.TEMP_SUFFIX), "forgotten");
    Files.setLastModifiedTime(
        stale, FileTime.from(Instant.now().minus(TextfileBackend.STALE_TEMP_AGE).minusSeconds(60)));
    Path notAPid =
        Files.writeString(
            dir.resolve(
                "." + FileNames.base(job()) + "..3333333333333333" + TextfileBackend.TEMP_SUFFIX),
            "odd");
    Path otherJob =
        Files.writeString(
            dir.resolve(
                "."
                    + FileNames.base(job())
                    + "_x.999999999.4444444444444444"
                    + TextfileBackend.TEMP_SUFFIX),
            "not ours");
    TextfileBackend.builder().directory(dir).build().report(report(job(), Outcome.SUCCESS, T0));
    assertThat(Files.exists(fresh)).isTrue();
    assertThat(Files.exists(stale)).isFalse();
    assertThat(Files.exists(notAPid)).isTrue();
    assertThat(Files.exists(otherJob)).isTrue();
  }

  @Test
  void aSuccessReplacesADamagedFileAFailureRefusesToLoseTheLastSuccess() throws IOException {
    Path dir = dir();
    TextfileBackend b = TextfileBackend.builder().directory(dir).build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    String good = Files.readString(b.fileOf(job()));
    String damaged =
        good.replace(BatchMetrics.LAST_SUCCESS + "{", BatchMetrics.LAST_SUCCESS + "{{");
    Files.writeString(b.fileOf(job()), damaged);
    assertThatThrownBy(() -> b.report(report(job(), Outcome.FAILURE, T0.plusSeconds(60))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "cannot read the previous report "
                + b.fileOf(job())
                + " to keep its last success timestamp");
    assertThat(Files.readString(b.fileOf(job()))).isEqualTo(damaged);
    b.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(120)));
    assertThat(value(b.fileOf(job()), BatchMetrics.LAST_SUCCESS))
        .isEqualTo(T0.plusSeconds(120).getEpochSecond());
    assertThat(tempFiles(dir)).isEmpty();
  }

  @Test
  void refusesAJobItCannotReportEvenWhenHandedAReport() throws IOException {
    Job withInstance = Job.serviceLevel("j").groupingLabel("instance", "h").build();
    TextfileBackend b = TextfileBackend.builder().directory(dir()).build();
    assertThatThrownBy(() -> b.report(report(withInstance, Outcome.SUCCESS, T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'instance': job 'j' reports through node_exporter");
  }

  @Test
  void warnsOfEachClashWhenToldToWriteAnyway() throws IOException {
    Path dir = dir();
    Files.writeString(
        dir.resolve("other.prom"),
        "# HELP db_backup_rows_total Other help.\n# TYPE db_backup_rows_total counter\ndb_backup_rows_total 1\n");
    TextfileBackend b = TextfileBackend.builder().directory(dir).guard(Enforcement.WARN).build();
    List<String> logged;
    try (dev.promjob.testing.LogCapture log = dev.promjob.testing.LogCapture.start()) {
      b.report(report(job(), Outcome.SUCCESS, T0));
      logged = log.messages();
    }
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0))
        .startsWith(
            "writing "
                + b.fileOf(job())
                + " anyway (promjob.textfile.guard=warn): family db_backup_rows_total has HELP");
    assertThat(Files.exists(b.fileOf(job()))).isTrue();
  }

  @Test
  void anotherJobsSeriesOfTheSameFamilyIsNoClashAndAnUnreadableFileIsLoggedByLineOnly()
      throws IOException {
    Path dir = dir();
    Files.writeString(
        dir.resolve("other.prom"),
        "# HELP db_backup_rows_total Rows dumped.\n# TYPE db_backup_rows_total counter\n"
            + "db_backup_rows_total{database=\"users\",job_name=\"other\"} 1\n"
            + "db_backup_rows_total{database=\"orders\",job_name=\"db_backup\"} 1\n");
    Files.writeString(dir.resolve("broken.prom"), "# TYPE x gauge\nx{secret=\"root:hash\" 1\n");
    List<String> logged;
    try (dev.promjob.testing.LogCapture log = dev.promjob.testing.LogCapture.start()) {
      TextfileBackend.builder().directory(dir).build().report(report(job(), Outcome.SUCCESS, T0));
      logged = log.messages();
    }
    assertThat(logged)
        .containsExactly(
            "ignoring "
                + dir.resolve("broken.prom")
                + ", which node_exporter cannot read either: a format error at line 2");
  }

  @Test
  void aRenameThatFailsForAnotherReasonIsNotRetriedOnWindows() throws IOException {
    try (java.nio.file.FileSystem fs =
        com.google.common.jimfs.Jimfs.newFileSystem(
            com.google.common.jimfs.Configuration.windows())) {
      Path dir = Files.createDirectories(fs.getPath("C:\\textfile"));
      List<String> moves = new ArrayList<>();
      TextfileBackend b =
          TextfileBackend.builder()
              .directory(dir)
              .disk(
                  (from, to) -> {
                    moves.add("move");
                    throw new NoSuchFileException(from.toString());
                  })
              .build();
      assertThatThrownBy(() -> b.report(report(job(), Outcome.SUCCESS, T0)))
          .isInstanceOf(IOException.class);
      assertThat(moves).hasSize(1);
    }
  }

  @Test
  void detailSaysWhatTheJdkLeavesOut() {
    assertThat(IoMessages.detail(new AccessDeniedException("/d/f")))
        .isEqualTo("/d/f: permission denied");
    assertThat(IoMessages.detail(new NoSuchFileException("/d/f")))
        .isEqualTo("/d/f: no such file or directory");
    assertThat(IoMessages.detail(new FileAlreadyExistsException("/d/f")))
        .isEqualTo("/d/f: already exists");
    assertThat(IoMessages.detail(new NotDirectoryException("/d"))).isEqualTo("/d: not a directory");
    assertThat(IoMessages.detail(new java.nio.file.DirectoryNotEmptyException("/d")))
        .isEqualTo("/d: DirectoryNotEmptyException");
    assertThat(IoMessages.detail(new FileSystemException("/a", "/b", "Operation not permitted")))
        .isEqualTo("/a -> /b: Operation not permitted");
    assertThat(IoMessages.detail(new IOException("disk on fire"))).isEqualTo("disk on fire");
    assertThat(IoMessages.detail(new IOException())).isEqualTo("IOException");
  }

  @Test
  void theLockTimeoutComesFromConfiguration() throws Exception {
    Path dir = dir();
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(dir)
            .config(
                dev.promjob.Config.of(
                    java.util.Map.of(dev.promjob.Config.TEXTFILE_LOCK_TIMEOUT, "150ms")))
            .build();
    try (JobLock held = JobLock.acquire(dir, FileNames.base(job()), Duration.ofSeconds(5))) {
      assertThat(held).isNotNull();
      assertThatThrownBy(() -> b.report(report(job(), Outcome.SUCCESS, T0)))
          .hasMessageContaining("has held it for 150 ms");
    }
  }

  @Test
  void aModeMustLetTheOwnerAndOthersRead() {
    for (String bad : new String[] {"0044", "0040", "0004", "0600", "0200", "644x", "06444"}) {
      assertThatThrownBy(() -> TextfileBackend.builder().fileMode(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(FileMode.parse("0777", "m")))
        .isEqualTo("rwxrwxrwx");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(FileMode.parse("444", "m")))
        .isEqualTo("r--r--r--");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(FileMode.parse("0604", "m")))
        .isEqualTo("rw----r--");
  }

  @Test
  void aFileThatFailsWhileItsHeaderIsReadIsClosed() throws IOException {
    Path unreadable =
        Files.createDirectory(dir().resolve("x.prom")); // read() of a directory: EISDIR
    assertThatThrownBy(() -> OwnedFile.openOwn(unreadable)).isInstanceOf(IOException.class);
    assertThat(dev.promjob.testing.OpenDescriptors.under(tmp)).isEmpty();
  }

  @Test
  void aTempThatCannotBeCleanedUpIsNamedBesideTheFailure() throws IOException {
    Path dir = dir();
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(dir)
            .disk(
                new AtomicReplaceTest.Recorder() {
                  @Override
                  public void force(java.nio.channels.FileChannel channel) throws IOException {
                    super.force(channel);
                    Path temp =
                        AtomicReplaceTest.onlyTemp(
                            dir); // swapped for a directory with a file in it
                    Files.delete(temp);
                    Files.createFile(Files.createDirectory(temp).resolve("x"));
                  }
                })
            .build();
    assertThatThrownBy(() -> b.report(report(job(), Outcome.SUCCESS, T0)))
        .hasMessageContaining("the temp file was replaced while promjob wrote it")
        .cause()
        .satisfies(
            c ->
                assertThat(c.getSuppressed())
                    .singleElement()
                    .isInstanceOf(java.nio.file.DirectoryNotEmptyException.class));
    assertThat(Files.exists(b.fileOf(job()))).isFalse();
  }
}
