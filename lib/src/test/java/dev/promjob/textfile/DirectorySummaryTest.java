package dev.promjob.textfile;

import static dev.promjob.textfile.TextfileBackendTest.T0;
import static dev.promjob.textfile.TextfileBackendTest.job;
import static dev.promjob.textfile.TextfileBackendTest.report;
import static dev.promjob.textfile.TextfileBackendTest.tempFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.Enforcement;
import dev.promjob.Outcome;
import dev.promjob.testing.LogCapture;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guard's summary of the other files: used while a file is unchanged, never trusted once it
 * changed, never trusted when damaged, never in the way of a report. Jimfs' change time is its
 * creation time, which a test can set: there a file can change with its stamp kept, which shows
 * what the guard takes from the summary instead of the file.
 */
class DirectorySummaryTest {
  enum Fs {
    JIMFS_UNIX,
    TEMP_DIR
  }

  static final String OTHER = ".other.prom";

  /** No clash: the family and HELP of the job's own counter, another job's series. */
  static final String CALM =
      "# HELP db_backup_rows_total Rows dumped.\n# TYPE db_backup_rows_total counter\n"
          + "db_backup_rows_total{job_name=\"other\"} 1\n";

  /** As long as {@link #CALM}, with another HELP. */
  static final String CLASH = CALM.replace("Rows dumped.", "Rows dumpeD.");

  static final String CLASH_MESSAGE =
      "family db_backup_rows_total has HELP \"Rows dumped.\" here but \"Rows dumpeD.\" in " + OTHER;

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

  /** Another tool's file, whose change time is behind the next write's. */
  static Path other(Path dir, String text) throws IOException {
    Path p = Files.writeString(dir.resolve(OTHER), text);
    settle(p);
    return p;
  }

  /**
   * Makes the file's change time older than anything created from now on: on Jimfs by setting it,
   * on a real file system by waiting until its clock has moved past it.
   */
  static void settle(Path p) throws IOException {
    if (p.getFileSystem() != FileSystems.getDefault()) {
      Files.setAttribute(
          p, "basic:creationTime", FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
      return;
    }
    long changed = ctime(p);
    Path probe = p.resolveSibling("clock-probe.txt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    do {
      Files.writeString(probe, "x");
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the file system's clock did not move in 10 s");
      }
    } while (ctime(probe) <= changed);
    Files.delete(probe);
  }

  static long ctime(Path p) throws IOException {
    return ((FileTime) Files.getAttribute(p, "unix:ctime")).to(TimeUnit.NANOSECONDS);
  }

  static Map<String, FileSummary> summary(Path dir) {
    return SummaryFormat.load(dir.resolve(DirectorySummary.NAME));
  }

  static FileSummary.Stamp stamp(Path p) throws IOException {
    return FileSummary.Stamp.of(Files.readAttributes(p, FileSummary.Stamp.UNIX));
  }

  /** A report of the job through a backend of its own, as a new process would make it. */
  static void write(Path dir, Enforcement guard, PrometheusRegistry r) throws IOException {
    TextfileBackend.builder()
        .directory(dir)
        .guard(guard)
        .build()
        .report(
            r == null ? report(job(), Outcome.SUCCESS, T0) : report(job(), Outcome.SUCCESS, T0, r));
  }

  static void write(Path dir) throws IOException {
    write(dir, Enforcement.REFUSE, null);
  }

  static List<String> refusal(Path dir, PrometheusRegistry r) {
    return assertThrows(TextfileConflictException.class, () -> write(dir, Enforcement.REFUSE, r))
        .conflicts();
  }

  static List<String> refusal(Path dir) {
    return refusal(dir, null);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void noSummaryIsWrittenWhileThereIsNothingToSummarise(Fs fs) throws IOException {
    Path dir = dir(fs);
    write(dir);
    write(dir);
    assertThat(Files.exists(dir.resolve(DirectorySummary.NAME))).isFalse();
    Path other = other(dir, CALM);
    write(dir);
    assertThat(summary(dir)).containsOnlyKeys(OTHER);
    assertThat(summary(dir).get(OTHER).stamp()).isEqualTo(stamp(other));
    assertThat(tempFiles(dir)).isEmpty();
    Files.delete(other);
    write(dir);
    assertThat(Files.exists(dir.resolve(DirectorySummary.NAME))).isFalse();
    assertThat(tempFiles(dir)).isEmpty();
  }

  static Map<String, String> clashes() {
    Map<String, String> m = new LinkedHashMap<>(TextfileBackendTest.conflictCases());
    m.put(
        "histogram",
        "# HELP lat_seconds_count x\n# TYPE lat_seconds_count gauge\nlat_seconds_count 1\n");
    m.put(
        "summary",
        "# HELP db_backup_rows Rows.\n# TYPE db_backup_rows summary\ndb_backup_rows_count 1\n");
    return m;
  }

  static PrometheusRegistry registryFor(String clash) {
    PrometheusRegistry r = new PrometheusRegistry();
    switch (clash) {
      case "histogram" ->
          Histogram.builder().name("lat_seconds").help("Latency.").register(r).observe(1);
      case "summary" ->
          Gauge.builder().name("db_backup_rows_count").help("Rows.").register(r).set(1);
      default -> {
        return null; // the job's usual report
      }
    }
    return r;
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void everyClashIsFoundThroughTheSummaryAsThroughTheFile(Fs fs) throws IOException {
    Path root = dir(fs);
    for (Map.Entry<String, String> c : clashes().entrySet()) {
      Path dir = Files.createDirectory(root.resolve(c.getKey()));
      Path other = other(dir, c.getValue());
      List<String> read = refusal(dir, registryFor(c.getKey())); // no summary yet: the file read
      assertThat(read).as(c.getKey()).hasSize(1);
      assertThat(summary(dir)).as(c.getKey()).containsOnlyKeys(OTHER);
      assertThat(summary(dir).get(OTHER).stamp()).isEqualTo(stamp(other));
      assertThat(refusal(dir, registryFor(c.getKey()))).as(c.getKey()).isEqualTo(read);
      assertThat(tempFiles(dir)).isEmpty();
    }
  }

  @Test
  void anUnchangedFileIsNotReadAgainItsSummaryStandsInForIt() throws IOException {
    Path dir = dir(Fs.JIMFS_UNIX);
    Path other = other(dir, CLASH);
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
    FileTime modified = Files.getLastModifiedTime(other);
    // Another family of the same length, the stamp kept: only Jimfs can do that (a real file
    // system moves the change time).
    Files.writeString(other, CLASH.replace("db_backup_rows_total", "db_backup_rows_totaX"));
    Files.setLastModifiedTime(other, modified);
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
    Files.setLastModifiedTime(other, FileTime.from(modified.toInstant().plusMillis(1)));
    write(dir); // read again: no clash
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFileWhoseSizeMtimeOrInodeChangedIsReadAgain(Fs fs) throws IOException {
    Path dir = dir(fs);
    for (String change : List.of("size", "mtime", "inode")) {
      Path other = other(dir, CALM);
      write(dir);
      FileSummary.Stamp before = stamp(other);
      assertThat(summary(dir).get(OTHER).stamp()).as(change).isEqualTo(before);
      FileTime modified = Files.getLastModifiedTime(other);
      FileTime created = (FileTime) Files.getAttribute(other, "basic:creationTime");
      switch (change) {
        case "size" -> Files.writeString(other, CLASH + "# one line more\n");
        case "mtime" -> {
          Files.writeString(other, CLASH); // the same size
          Files.setLastModifiedTime(other, FileTime.from(modified.toInstant().plusSeconds(1)));
        }
        default -> {
          Path next = Files.writeString(dir.resolve("next.tmp"), CLASH);
          Files.setLastModifiedTime(next, modified);
          if (fs == Fs.JIMFS_UNIX) {
            Files.setAttribute(next, "basic:creationTime", created); // Jimfs' change time
          }
          Files.move(
              next, other, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      FileSummary.Stamp after = stamp(other);
      assertThat(after.ino() != before.ino()).as(change).isEqualTo(change.equals("inode"));
      assertThat(after.size() != before.size()).as(change).isEqualTo(change.equals("size"));
      assertThat(refusal(dir)).as(change).containsExactly(CLASH_MESSAGE);
      Files.delete(other);
    }
  }

  @Test
  void aRewriteOfTheSameSizeAndMtimeIsCaughtByTheChangeTime() throws IOException {
    Path dir = dir(Fs.TEMP_DIR);
    Path other = other(dir, CALM);
    write(dir);
    FileSummary.Stamp before = stamp(other);
    assertThat(summary(dir).get(OTHER).stamp()).isEqualTo(before);
    FileTime modified = Files.getLastModifiedTime(other);
    Files.writeString(other, CLASH); // in place: the same inode and size
    Files.setLastModifiedTime(other, modified);
    FileSummary.Stamp after = stamp(other);
    assertThat(after)
        .isEqualTo(
            new FileSummary.Stamp(
                before.dev(),
                before.ino(),
                before.size(),
                before.mtimeNanos(),
                after.ctimeNanos()));
    assertThat(after.ctimeNanos()).isGreaterThan(before.ctimeNanos());
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
  }

  @Test
  void aFileChangedSinceTheFenceIsNotSummarisedUntilItSettles() throws IOException {
    Path dir = dir(Fs.JIMFS_UNIX);
    Path other = Files.writeString(dir.resolve(OTHER), CLASH);
    // A change time at or past the summary's temp: it may change again within the same tick.
    Files.setAttribute(
        other, "basic:creationTime", FileTime.from(Instant.now().plus(Duration.ofHours(1))));
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
    assertThat(summary(dir)).isEmpty();
    settle(other);
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
    assertThat(summary(dir)).containsOnlyKeys(OTHER);
  }

  @Test
  void aFileChangedInTheClockTickOfTheSummarysTempIsNotSummarised() throws IOException {
    // A clock that never moves: every file changes in the tick the summary's temp is made in, so
    // a file could change again after its read with its stamp kept.
    FileTime tick = FileTime.from(Instant.parse("2026-11-21T10:00:00Z"));
    jimfs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .setFileTimeSource(() -> tick)
                .build());
    Path dir = Files.createDirectories(jimfs.getPath("/textfile"));
    Files.writeString(dir.resolve(OTHER), CLASH);
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
    assertThat(summary(dir)).isEmpty();
    assertThat(tempFiles(dir)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aDamagedOrPlantedSummaryIsNotTrusted(Fs fs) throws IOException {
    Path dir = dir(fs);
    Path other = other(dir, CLASH);
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
    Path summary = dir.resolve(DirectorySummary.NAME);
    byte[] good = Files.readAllBytes(summary);
    FileSummary.Stamp s = stamp(other);
    FileSummary.Stamp near =
        new FileSummary.Stamp(s.dev(), s.ino(), s.size(), s.mtimeNanos(), s.ctimeNanos() - 1);
    Map<String, byte[]> bad = new LinkedHashMap<>();
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x20;
    bad.put("a byte flipped", flipped);
    bad.put("cut", java.util.Arrays.copyOf(good, good.length / 2));
    bad.put("empty", new byte[0]);
    bad.put(
        "planted: no families, the change time one off",
        SummaryFormat.render(List.of(new FileSummary(OTHER, near, 0, Map.of(), Map.of()))));
    bad.put(
        "planted: unreadable, the change time one off",
        SummaryFormat.render(List.of(new FileSummary(OTHER, near, 3, Map.of(), Map.of()))));
    for (Map.Entry<String, byte[]> b : bad.entrySet()) {
      Files.write(summary, b.getValue());
      assertThat(refusal(dir)).as(b.getKey()).containsExactly(CLASH_MESSAGE);
      assertThat(summary(dir).get(OTHER).stamp()).as(b.getKey()).isEqualTo(s); // rewritten
    }
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aSummaryThatCannotBeWrittenOrReadNeverFailsAReport(Fs fs) throws IOException {
    Path dir = dir(fs);
    Path outside = Files.writeString(dir.resolveSibling("outside.txt"), "untouched\n");
    Path summary = dir.resolve(DirectorySummary.NAME);
    for (String kind : List.of("a directory", "a link")) {
      if (kind.equals("a directory")) {
        Files.createDirectory(summary);
        Files.writeString(summary.resolve("x"), "x"); // not empty: no rename can replace it
      } else {
        Files.createSymbolicLink(summary, outside);
      }
      Path other = other(dir, CLASH);
      assertThat(refusal(dir)).as(kind).containsExactly(CLASH_MESSAGE);
      Files.writeString(other, CALM);
      write(dir);
      assertThat(tempFiles(dir)).as(kind).isEmpty();
      assertThat(Files.readString(outside)).isEqualTo("untouched\n");
      Files.delete(other);
      if (Files.isDirectory(summary, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(summary.resolve("x"));
      }
      Files.deleteIfExists(summary);
    }
  }

  @Test
  void aFifoAtTheSummarysNameIsNeverOpened() throws Exception {
    Path dir = dir(Fs.TEMP_DIR);
    SpecialFilesTest.mkfifo(dir.resolve(DirectorySummary.NAME));
    other(dir, CLASH);
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(30), () -> assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE));
    assertThat(summary(dir)).containsOnlyKeys(OTHER); // the FIFO replaced by the summary
  }

  @Test
  void onlyFilesAsReadableAsTheSummaryAreInIt() throws IOException {
    Path dir = dir(Fs.TEMP_DIR);
    Map<String, String> modes =
        Map.of("a.prom", "rw-r--r--", "b.prom", "rw-r-----", "c.prom", "rw-------");
    for (Map.Entry<String, String> m : modes.entrySet()) {
      Path p =
          Files.writeString(
              dir.resolve(m.getKey()),
              "# HELP "
                  + m.getKey().charAt(0)
                  + " x\n# TYPE "
                  + m.getKey().charAt(0)
                  + " gauge\n"
                  + m.getKey().charAt(0)
                  + " 1\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(m.getValue()));
      settle(p);
    }
    write(dir);
    Path summary = dir.resolve(DirectorySummary.NAME);
    assertThat(summary(dir)).containsOnlyKeys("a.prom", "b.prom");
    // b.prom's group readers are not the summary's group: only its owner may read it.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(summary)))
        .isEqualTo("rw-------");
    Files.setPosixFilePermissions(
        dir.resolve("b.prom"), PosixFilePermissions.fromString("rw-------"));
    settle(dir.resolve("b.prom"));
    write(dir);
    assertThat(summary(dir)).containsOnlyKeys("a.prom");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(summary)))
        .isEqualTo("rw-r--r--");
    // Group readers of one file, others of another: a summary only its owner may read, still
    // without the file only its owner may read.
    Files.setPosixFilePermissions(
        dir.resolve("a.prom"), PosixFilePermissions.fromString("rw----r--"));
    Files.setPosixFilePermissions(
        dir.resolve("b.prom"), PosixFilePermissions.fromString("rw-r-----"));
    for (String f : List.of("a.prom", "b.prom", "c.prom")) {
      settle(dir.resolve(f));
    }
    write(dir);
    assertThat(summary(dir)).containsOnlyKeys("a.prom", "b.prom");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(summary)))
        .isEqualTo("rw-------");
  }

  static final String OURS_OTHER_GROUP =
      "# HELP db_backup_rows_total Rows dumped.\n# TYPE db_backup_rows_total counter\n"
          + "db_backup_rows_total{database=\"orders\",job_name=\"db_backup\"} 1\n";

  static final String DUPLICATE =
      "series db_backup_rows_total{database=\"users\",job_name=\"db_backup\"} is also in "
          + OTHER
          + " (node_exporter keeps only one)";

  /** Rewrites the file with the same length and stamp (Jimfs only). */
  static void swap(Path p, String from, String to) throws IOException {
    FileTime modified = Files.getLastModifiedTime(p);
    String text = Files.readString(p);
    assertThat(to).hasSameSizeAs(from);
    Files.writeString(p, text.replace(from, to));
    Files.setLastModifiedTime(p, modified);
  }

  @Test
  void aFileIsReadForDuplicatesOnlyWhenItsSharedFamiliesMayCarryTheJobName() throws IOException {
    Path dir = dir(Fs.JIMFS_UNIX);
    // The job's own name, another group: read on every write, so a duplicate is always seen.
    Path other = other(dir, OURS_OTHER_GROUP);
    write(dir);
    assertThat(summary(dir).get(OTHER).jobs().get("db_backup_rows_total").names())
        .containsExactly("db_backup");
    swap(other, "\"orders\"", "\"users\" ");
    assertThat(refusal(dir)).containsExactly(DUPLICATE);
    Files.delete(other);
    // Another job's name: the summary says no series of the job can be there, and it is not read.
    other =
        other(
            dir,
            OURS_OTHER_GROUP.replace("orders", "users").replace("\"db_backup\"", "\"db_backuq\""));
    write(dir);
    swap(other, "db_backuq", "db_backup");
    write(dir);
    Files.delete(other);
    // More job names than a summary keeps: read again.
    StringBuilder many =
        new StringBuilder(
            "# HELP db_backup_rows_total Rows dumped.\n# TYPE db_backup_rows_total counter\n");
    for (int i = 0; i <= FileSummary.MAX_JOB_NAMES; i++) {
      many.append("db_backup_rows_total{database=\"users\",job_name=\"db_backu")
          .append(i)
          .append("\"} 1\n");
    }
    other = other(dir, many.toString());
    write(dir);
    assertThat(summary(dir).get(OTHER).jobs().get("db_backup_rows_total").many()).isTrue();
    swap(other, "db_backu0", "db_backup");
    assertThat(refusal(dir)).containsExactly(DUPLICATE);
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFileNodeExporterSkipsIsSummarisedLoggedOnEveryWriteAndNeverClashes(Fs fs)
      throws IOException {
    Path dir = dir(fs);
    // A duplicate of the job's series before the line that makes node_exporter skip the file.
    other(
        dir,
        "# HELP db_backup_rows_total Rows dumped.\n# TYPE db_backup_rows_total counter\n"
            + "db_backup_rows_total{database=\"users\",job_name=\"db_backup\"} 7\nx 1 2\n");
    for (int write = 0; write < 2; write++) {
      try (LogCapture log = LogCapture.start()) {
        write(dir);
        assertThat(log.messages())
            .containsExactly(
                "ignoring "
                    + dir.resolve(OTHER)
                    + ", which node_exporter cannot read either: a format error at line 4");
      }
      assertThat(summary(dir).get(OTHER).badLine()).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aDeadWritersSummaryTempIsSweptALiveOnesKept(Fs fs) throws IOException {
    Path dir = dir(fs);
    Path dead =
        Files.writeString(
            dir.resolve(Temp.name(DirectorySummary.TEMP_BASE, 999_999_999L, "0123456789abcdef")),
            "x");
    long pid = ProcessHandle.current().pid();
    Path live =
        Files.writeString(
            dir.resolve(Temp.name(DirectorySummary.TEMP_BASE, pid, "fedcba9876543210")), "x");
    write(dir);
    assertThat(Files.exists(dead)).isFalse();
    assertThat(Files.exists(live)).isTrue();
  }
}
