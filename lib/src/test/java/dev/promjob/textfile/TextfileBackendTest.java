package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormat.Family;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TextfileBackendTest {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  enum Fs {
    JIMFS_UNIX,
    JIMFS_WINDOWS,
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
    switch (fs) {
      case JIMFS_UNIX -> {
        jimfs =
            Jimfs.newFileSystem(
                Configuration.unix().toBuilder()
                    .setAttributeViews("basic", "owner", "posix", "unix")
                    .build());
        return Files.createDirectories(jimfs.getPath("/var/lib/node-exporter"));
      }
      case JIMFS_WINDOWS -> {
        jimfs = Jimfs.newFileSystem(Configuration.windows());
        return Files.createDirectories(jimfs.getPath("C:\\textfile"));
      }
      default -> {
        return Files.createDirectories(tempDir.resolve("textfile"));
      }
    }
  }

  static TextfileBackend backend(Path dir) {
    return TextfileBackend.builder().directory(dir).build();
  }

  static Job job() {
    return Job.machineBound("db_backup")
        .groupingLabel("database", "users")
        .expectedInterval(Duration.ofHours(24))
        .build();
  }

  static Report report(Job job, Outcome outcome, Instant end, PrometheusRegistry registry) {
    return new Report(job, outcome, end.minusSeconds(90), end, registry.scrape());
  }

  static Report report(Job job, Outcome outcome, Instant end) {
    PrometheusRegistry r = new PrometheusRegistry();
    Counter.builder().name("db_backup_rows").help("Rows dumped.").register(r).inc(42);
    return report(job, outcome, end, r);
  }

  /** Every sample of a file, as "name{labels} value", in file order. */
  static List<String> samples(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      TextFormat.parse(
          in,
          (family, sample, names, values, n, value) ->
              out.add(DirectoryGuard.key(sample, names, values, n) + " " + value));
    }
    return out;
  }

  static double value(Path file, String sample) throws IOException {
    return samples(file).stream()
        .filter(s -> s.startsWith(sample + "{"))
        .mapToDouble(s -> Double.parseDouble(s.substring(s.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  static List<String> tempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".promjob-tmp"))
          .toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void writesOneFileNodeExporterAccepts(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend backend = backend(dir);
    backend.report(report(job(), Outcome.SUCCESS, T0));

    Path file = dir.resolve("db_backup@database=users.prom");
    assertEquals(file, backend.fileOf(job()));
    assertEquals(file.toString(), backend.location(job()));
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith(TextfileBackend.HEADER);
    assertEquals('\n', text.charAt(text.length() - 1), "final newline");
    assertThat(text).as("no CR").doesNotContain("\r");
    assertTrue(bytes[0] == '#', "no BOM");

    Map<String, Family> families =
        TextFormat.parse(new ByteArrayInputStream(bytes), TextFormat.SampleHandler.NONE);
    for (Family f : families.values()) {
      assertTrue(f.help() != null && !f.help().isEmpty(), "HELP of " + f.name());
      assertFalse(f.type().equals("untyped"), "TYPE of " + f.name());
    }
    String id = "database=\"users\",job_name=\"db_backup\"";
    assertEquals(
        List.of( // the families the next run reads back first
            "promjob_consecutive_failures{" + id + "} 0.0",
            "promjob_last_run_success{" + id + "} 1.0",
            "promjob_last_success_timestamp_seconds{" + id + "} " + (double) T0.getEpochSecond(),
            "db_backup_rows_total{" + id + "} 42.0",
            "promjob_expected_interval_seconds{" + id + "} 86400.0",
            "promjob_last_completion_timestamp_seconds{" + id + "} " + (double) T0.getEpochSecond(),
            "promjob_last_duration_seconds{" + id + "} 90.0"),
        samples(file));
    assertEquals(List.of(), tempFiles(dir));
  }

  @Test
  void setsMode0644WhateverTheUmaskGivesTempFiles() throws IOException {
    Path dir = dir(Fs.TEMP_DIR);
    backend(dir).report(report(job(), Outcome.SUCCESS, T0));
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(backend(dir).fileOf(job()))));
  }

  @ParameterizedTest
  @EnumSource(
      value = Fs.class,
      names = {"JIMFS_UNIX", "TEMP_DIR"})
  void setsTheConfiguredMode(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend b = TextfileBackend.builder().directory(dir).fileMode("0640").build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    assertEquals(
        "rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.fileOf(job()))));
  }

  @Test
  void refusesModesNodeExporterCannotRead() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TextfileBackend.builder().fileMode("0600"));
    assertThat(e.getMessage()).startsWith("'0600': file mode must let node_exporter's user read");
    e =
        assertThrows(
            IllegalArgumentException.class, () -> TextfileBackend.builder().fileMode("rw-"));
    assertEquals("'rw-': file mode must be an octal file mode such as 0644", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TextfileBackend.builder().config(Config.of(Map.of(Config.TEXTFILE_MODE, "0700"))));
    assertThat(e.getMessage()).startsWith("'0700': promjob.textfile.mode must let");
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void keepsLastSuccessOnFailure(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend backend = backend(dir);
    Path file = backend.fileOf(job());
    backend.report(report(job(), Outcome.SUCCESS, T0));
    Instant later = T0.plus(Duration.ofHours(1));
    backend.report(report(job(), Outcome.FAILURE, later));
    backend.report(report(job(), Outcome.FAILURE, later.plusSeconds(60)));

    assertEquals(T0.getEpochSecond(), value(file, BatchMetrics.LAST_SUCCESS));
    assertEquals(later.getEpochSecond() + 60, value(file, BatchMetrics.LAST_COMPLETION));
    assertEquals(0, value(file, BatchMetrics.LAST_RUN_SUCCESS));

    backend.report(report(job(), Outcome.SUCCESS, later.plusSeconds(120)));
    assertEquals(later.getEpochSecond() + 120, value(file, BatchMetrics.LAST_SUCCESS));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFirstFailureHasNoLastSuccess(Fs fs) throws IOException {
    Path dir = dir(fs);
    backend(dir).report(report(job(), Outcome.FAILURE, T0));
    Path file = backend(dir).fileOf(job());
    assertTrue(Double.isNaN(value(file, BatchMetrics.LAST_SUCCESS)));
    assertEquals(0, value(file, BatchMetrics.LAST_RUN_SUCCESS));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void writesEveryMetricTypeTheParserAccepts(Fs fs) throws IOException {
    Path dir = dir(fs);
    PrometheusRegistry r = new PrometheusRegistry();
    Counter.builder()
        .name("c")
        .help("c")
        .labelNames("k")
        .register(r)
        .labelValues("a\"b\\c\nd")
        .inc();
    Gauge.builder().name("g").help("g").register(r).set(Double.NaN);
    Histogram.builder().name("h_seconds").help("h").classicOnly().register(r).observe(0.2);
    Histogram.builder().name("n_seconds").help("native").nativeOnly().register(r).observe(0.2);
    Summary.builder().name("s").help("s").quantile(0.5).register(r).observe(3);
    Info.builder().name("i").help("i").labelNames("version").register(r).setLabelValues("1.0");
    StateSet.builder().name("st").help("st").states("a", "b").register(r).setTrue("a");
    backend(dir).report(report(job(), Outcome.SUCCESS, T0, r));
    Path file = backend(dir).fileOf(job());
    Map<String, Family> families;
    try (InputStream in = Files.newInputStream(file)) {
      families = TextFormat.parse(in, TextFormat.SampleHandler.NONE);
    }
    assertEquals("counter", families.get("c_total").type());
    assertEquals("histogram", families.get("h_seconds").type());
    assertEquals("summary", families.get("s").type());
    assertEquals("gauge", families.get("i_info").type());
    assertEquals("gauge", families.get("st").type());
    assertThat(samples(file))
        .contains("c_total{database=\"users\",job_name=\"db_backup\",k=\"a\\\"b\\\\c\\nd\"} 1.0");
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void refusesToReplaceAFileItDidNotWrite(Fs fs) throws IOException {
    Path dir = dir(fs);
    Path file = backend(dir).fileOf(job());
    Files.writeString(
        file, "# HELP apt_upgrades Pending.\n# TYPE apt_upgrades gauge\napt_upgrades 3\n");
    IOException e =
        assertThrows(
            IOException.class, () -> backend(dir).report(report(job(), Outcome.SUCCESS, T0)));
    assertThat(e.getMessage()).contains("not written by promjob");
    assertThat(e.getMessage()).contains(file.toString());
    assertThrows(IOException.class, () -> backend(dir).delete(job()));
    assertThat(Files.readString(file)).startsWith("# HELP apt_upgrades");
    assertEquals(List.of(), tempFiles(dir));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void aFailedWriteLeavesThePreviousFileAndNoTemp(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend ok = backend(dir);
    ok.report(report(job(), Outcome.SUCCESS, T0));
    byte[] before = Files.readAllBytes(ok.fileOf(job()));
    TextfileBackend failing =
        TextfileBackend.builder()
            .directory(dir)
            .disk(
                (from, to) -> {
                  throw new java.nio.file.FileSystemException(
                      from.toString(), to.toString(), "injected: disk on fire");
                })
            .build();
    IOException e =
        assertThrows(
            IOException.class,
            () -> failing.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(5))));
    assertThat(e.getMessage()).startsWith("cannot write " + ok.fileOf(job()));
    assertThat(e.getMessage()).contains("disk on fire");
    assertArrayEquals(before, Files.readAllBytes(ok.fileOf(job())));
    assertEquals(List.of(), tempFiles(dir));
  }

  @Test
  void retriesABusyRenameOnWindowsBoundedly() throws IOException {
    Path dir = dir(Fs.JIMFS_WINDOWS);
    AtomicInteger calls = new AtomicInteger();
    Disk flaky =
        (from, to) -> {
          if (calls.incrementAndGet() <= 2) {
            throw new AccessDeniedException(to.toString(), null, "held open by a reader");
          }
          Disk.REAL.move(from, to);
        };
    TextfileBackend b = TextfileBackend.builder().directory(dir).disk(flaky).build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    assertEquals(3, calls.get());
    assertTrue(Files.exists(b.fileOf(job())));

    calls.set(-100); // always busy
    IOException e =
        assertThrows(
            IOException.class, () -> b.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(1))));
    assertEquals(-94, calls.get(), "6 attempts, then give up");
    assertThat(e.getMessage()).contains("held open by a reader");
    assertEquals(List.of(), tempFiles(dir));
  }

  @Test
  void aBusyRenameIsRetriedAfterPausesThatDouble() throws IOException {
    Path dir = dir(Fs.JIMFS_WINDOWS);
    List<Long> attempts = new ArrayList<>();
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(dir)
            .disk(
                (from, to) -> {
                  attempts.add(System.nanoTime());
                  throw new AccessDeniedException(to.toString(), null, "held open by a reader");
                })
            .build();
    assertThrows(IOException.class, () -> b.report(report(job(), Outcome.SUCCESS, T0)));
    assertEquals(6, attempts.size());
    for (int i = 1; i < attempts.size(); i++) {
      // Lower bounds only (a sleep is never shorter): 10, 20, 40, 80, 160 ms.
      long pauseMillis = TimeUnit.NANOSECONDS.toMillis(attempts.get(i) - attempts.get(i - 1));
      assertTrue(pauseMillis >= 10L << (i - 1), "pause " + i + " was " + pauseMillis + " ms");
    }
  }

  @Test
  void anInterruptDuringTheRenamePauseEndsTheRetriesAndIsKept() throws IOException {
    Path dir = dir(Fs.JIMFS_WINDOWS);
    AtomicInteger calls = new AtomicInteger();
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(dir)
            .disk(
                (from, to) -> {
                  calls.incrementAndGet();
                  Thread.currentThread().interrupt(); // the job is being stopped
                  throw new AccessDeniedException(to.toString(), null, "held open by a reader");
                })
            .build();
    IOException e =
        assertThrows(IOException.class, () -> b.report(report(job(), Outcome.SUCCESS, T0)));
    assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
    assertEquals(1, calls.get());
    assertThat(e.getMessage()).contains("held open by a reader");
    assertEquals(List.of(), tempFiles(dir));
  }

  @Test
  void doesNotRetryOnPosix() throws IOException {
    Path dir = dir(Fs.JIMFS_UNIX);
    AtomicInteger calls = new AtomicInteger();
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(dir)
            .disk(
                (from, to) -> {
                  calls.incrementAndGet();
                  throw new AccessDeniedException(to.toString());
                })
            .build();
    assertThrows(IOException.class, () -> b.report(report(job(), Outcome.SUCCESS, T0)));
    assertEquals(1, calls.get());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void sweepsTempFilesOfDeadWriters(Fs fs) throws IOException, InterruptedException {
    Path dir = dir(fs);
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    String base = "db_backup@database=users";
    Path deadTemp =
        Files.writeString(
            dir.resolve("." + base + "." + dead.pid() + ".0011223344556677.promjob-tmp"),
            "half a fi");
    Path liveTemp =
        Files.writeString(
            dir.resolve(
                "." + base + "." + ProcessHandle.current().pid() + ".8899aabbccddeeff.promjob-tmp"),
            "in progress");
    Path oldLiveTemp =
        Files.writeString(
            dir.resolve(
                "." + base + "." + ProcessHandle.current().pid() + ".0000000000000001.promjob-tmp"),
            "abandoned");
    Files.setLastModifiedTime(oldLiveTemp, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Path otherJob =
        Files.writeString(
            dir.resolve("." + base + "x." + dead.pid() + ".0011223344556677.promjob-tmp"),
            "another job");

    backend(dir).report(report(job(), Outcome.SUCCESS, T0));

    assertFalse(Files.exists(deadTemp), "dead writer's temp removed");
    assertFalse(Files.exists(oldLiveTemp), "abandoned temp removed");
    assertTrue(Files.exists(liveTemp), "a live writer's temp is kept");
    assertTrue(Files.exists(otherJob), "another job's temp is not ours to sweep");
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void deleteRemovesTheJobsFileOnly(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend b = backend(dir);
    Job other = Job.machineBound("db_backup").groupingLabel("database", "orders").build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    b.report(report(other, Outcome.SUCCESS, T0));
    b.delete(job());
    assertFalse(Files.exists(b.fileOf(job())));
    assertTrue(Files.exists(b.fileOf(other)));
    b.delete(job()); // absent: not an error
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void namesAMissingDirectory(Fs fs) throws IOException {
    Path dir = dir(fs).resolve("missing");
    IOException e =
        assertThrows(
            IOException.class, () -> backend(dir).report(report(job(), Outcome.SUCCESS, T0)));
    assertThat(e.getMessage()).contains(dir.toString());
    assertThat(e.getMessage()).contains("does not exist");
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void namesADirectoryThatIsAFile(Fs fs) throws IOException {
    Path dir = Files.writeString(dir(fs).resolve("file"), "x");
    IOException e =
        assertThrows(
            IOException.class, () -> backend(dir).report(report(job(), Outcome.SUCCESS, T0)));
    assertThat(e.getMessage()).contains("is not a directory");
  }

  @Test
  void needsADirectory() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TextfileBackend.builder().build());
    assertThat(e.getMessage()).contains("promjob.textfile.dir (environment PROMJOB_TEXTFILE_DIR)");
  }

  @Test
  void configOverridesCode() {
    TextfileBackend b =
        TextfileBackend.builder()
            .directory(Path.of("/code"))
            .guard(Enforcement.REFUSE)
            .config(
                Config.of(Map.of(Config.TEXTFILE_DIR, "/config", Config.TEXTFILE_GUARD, "warn")))
            .build();
    assertEquals(Path.of("/config"), b.directory());
    assertEquals(Enforcement.WARN, b.guard());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TextfileBackend.builder()
                    .config(Config.of(Map.of(Config.TEXTFILE_GUARD, "maybe"))));
    assertEquals("'maybe': promjob.textfile.guard must be refuse or warn", e.getMessage());
  }

  @Test
  void refusesAnInstanceGroupingLabel() {
    Job serviceJob = Job.serviceLevel("j").groupingLabel("instance", "h").build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> backend(Path.of("/x")).check(serviceJob));
    assertThat(e.getMessage()).startsWith("'instance': job 'j' reports through node_exporter");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "node_textfile_scrape_error, node_textfile_scrape_error",
    "node_textfile_mtime_seconds, node_textfile_mtime_seconds",
    "node_cpu_seconds_total, node_cpu_seconds_total",
    "go_goroutines, go_goroutines",
    "process_cpu_seconds, process_cpu_seconds_total",
    "go_gc_duration_seconds_count, go_gc_duration_seconds"
  })
  void refusesNamesNodeExporterServesItselfAtRegistration(String name, String family)
      throws IOException {
    dev.promjob.Reporter reporter =
        dev.promjob.Reporter.builder().textfileDirectory(dir(Fs.TEMP_DIR)).build();
    try (dev.promjob.Run run = reporter.start(job())) {
      Gauge.Builder gauge = Gauge.builder().name(name).help("Mine.");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> gauge.register(run.registry()));
      assertThat(e.getMessage())
          .startsWith("'" + name + "': node_exporter serves " + family + " itself (");
      run.success();
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "node_directory_size_bytes",
        "node_ipmi_temperature_celsius",
        "node_apt_upgrades_pending",
        "node_backup_age"
      })
  void acceptsNodeNamesNoCollectorServesAsTheCollectorScriptsUse(String name) throws IOException {
    dev.promjob.Reporter reporter =
        dev.promjob.Reporter.builder().textfileDirectory(dir(Fs.TEMP_DIR)).build();
    try (dev.promjob.Run run = reporter.start(job())) {
      Gauge.builder().name(name).help("Mine.").register(run.registry()).set(1);
      run.success();
    }
    assertThat(Files.readString(backend(dir(Fs.TEMP_DIR)).fileOf(job())))
        .contains("\n" + name + "{");
  }

  // ---- the cross-file guard ----

  static Map<String, String> conflictCases() {
    Map<String, String> m = new HashMap<>();
    m.put(
        "help",
        "# HELP promjob_last_run_success Something else.\n# TYPE promjob_last_run_success gauge\npromjob_last_run_success{job_name=\"x\"} 1\n");
    m.put(
        "nohelp",
        "# TYPE promjob_last_run_success gauge\npromjob_last_run_success{job_name=\"x\"} 1\n");
    m.put(
        "type",
        "# HELP db_backup_rows_total Rows dumped.\n# TYPE db_backup_rows_total gauge\ndb_backup_rows_total 1\n");
    m.put(
        "duplicate",
        "# HELP db_backup_rows_total Rows dumped.\n# TYPE db_backup_rows_total counter\ndb_backup_rows_total{job_name=\"db_backup\",database=\"users\"} 7\n");
    return m;
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void refusesFilesThatWouldClash(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend b = backend(dir);
    for (Map.Entry<String, String> c : conflictCases().entrySet()) {
      b.report(report(job(), Outcome.SUCCESS, T0));
      byte[] before = Files.readAllBytes(b.fileOf(job()));
      Path other = Files.writeString(dir.resolve(".other-" + c.getKey() + ".prom"), c.getValue());
      TextfileConflictException e =
          assertThrows(
              TextfileConflictException.class,
              () -> b.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(1))),
              c.getKey());
      assertEquals(1, e.conflicts().size(), c.getKey() + ": " + e.conflicts());
      assertThat(e.conflicts().get(0)).contains(other.getFileName().toString());
      assertThat(e.getMessage()).contains(b.fileOf(job()).toString());
      assertArrayEquals(before, Files.readAllBytes(b.fileOf(job())), c.getKey());
      assertEquals(List.of(), tempFiles(dir));
      Files.delete(other);
    }
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void refusesAFamilyThatTakesTheNameOfAHistogramsSeries(Fs fs) throws IOException {
    Path dir = dir(fs);
    Files.writeString(
        dir.resolve("a.prom"),
        "# HELP lat_seconds_count x\n# TYPE lat_seconds_count gauge\nlat_seconds_count 1\n");
    PrometheusRegistry r = new PrometheusRegistry();
    Histogram.builder().name("lat_seconds").help("Latency.").register(r).observe(1);
    TextfileConflictException e =
        assertThrows(
            TextfileConflictException.class,
            () -> backend(dir).report(report(job(), Outcome.SUCCESS, T0, r)));
    assertEquals(
        List.of(
            "family lat_seconds_count in a.prom collides with the histogram lat_seconds in this file"),
        e.conflicts());
    assertEquals(backend(dir).fileOf(job()), e.file());
    Files.delete(dir.resolve("a.prom"));
    // And the other way round: a summary elsewhere owns _sum and _count.
    Files.writeString(
        dir.resolve("b.prom"),
        "# HELP db_backup_rows Rows.\n# TYPE db_backup_rows summary\ndb_backup_rows_count 1\n");
    PrometheusRegistry g = new PrometheusRegistry();
    Gauge.builder().name("db_backup_rows_count").help("Rows.").register(g).set(1);
    e =
        assertThrows(
            TextfileConflictException.class,
            () -> backend(dir).report(report(job(), Outcome.SUCCESS, T0, g)));
    assertEquals(
        List.of(
            "family db_backup_rows_count in this file collides with the summary db_backup_rows in b.prom"),
        e.conflicts());
  }

  @Test
  void conflictMessagesSayWhatClashes() throws IOException {
    Path dir = dir(Fs.JIMFS_UNIX);
    Files.writeString(dir.resolve("a.prom"), conflictCases().get("help"));
    Files.writeString(dir.resolve("b.prom"), conflictCases().get("duplicate"));
    TextfileConflictException e =
        assertThrows(
            TextfileConflictException.class,
            () -> backend(dir).report(report(job(), Outcome.SUCCESS, T0)));
    assertEquals(
        List.of(
            "family promjob_last_run_success has HELP \"1 if the job's last run succeeded, 0 if it failed.\" here but \"Something else.\" in a.prom",
            "series db_backup_rows_total{database=\"users\",job_name=\"db_backup\"} is also in b.prom (node_exporter keeps only one)"),
        e.conflicts());
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void warnModeWritesDespiteClashes(Fs fs) throws IOException {
    Path dir = dir(fs);
    Files.writeString(dir.resolve("a.prom"), conflictCases().get("type"));
    TextfileBackend b = TextfileBackend.builder().directory(dir).guard(Enforcement.WARN).build();
    b.report(report(job(), Outcome.SUCCESS, T0));
    assertEquals(42, value(b.fileOf(job()), "db_backup_rows_total"));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void otherJobsAndGroupsOfTheSameJobDoNotClash(Fs fs) throws IOException {
    Path dir = dir(fs);
    TextfileBackend b = backend(dir);
    b.report(report(job(), Outcome.SUCCESS, T0));
    b.report(
        report(
            Job.machineBound("db_backup").groupingLabel("database", "orders").build(),
            Outcome.FAILURE,
            T0));
    b.report(report(Job.machineBound("db_backup").build(), Outcome.SUCCESS, T0));
    Files.writeString(
        dir.resolve("node.prom"),
        "# HELP other_metric x\n# TYPE other_metric gauge\nother_metric 1\n");
    b.report(report(job(), Outcome.SUCCESS, T0.plusSeconds(1)));
    try (Stream<Path> s = Files.list(dir)) {
      // Three job files and node.prom; the lock files (one per job, hidden) and the guard's
      // summary of the other files stay beside them.
      assertEquals(
          4,
          s.map(p -> p.getFileName().toString())
              .filter(n -> !n.endsWith(JobLock.SUFFIX) && !n.equals(DirectorySummary.NAME))
              .count());
    }
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void ignoresOtherFilesNodeExporterCannotReadEither(Fs fs) throws IOException {
    Path dir = dir(fs);
    Files.writeString(
        dir.resolve("broken.prom"),
        conflictCases().get("type") + "db_backup_rows_total 1 1441205977284\n");
    Files.createDirectory(dir.resolve("dir.prom"));
    Files.writeString(dir.resolve("notes.txt"), conflictCases().get("type"));
    backend(dir).report(report(job(), Outcome.SUCCESS, T0));
    assertEquals(42, value(backend(dir).fileOf(job()), "db_backup_rows_total"));
  }

  @Test
  void theWrittenBytesAreExactlyClientJavasText() throws IOException {
    Path dir = dir(Fs.JIMFS_UNIX);
    Report r = report(job(), Outcome.SUCCESS, T0);
    backend(dir).report(r);
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    expected.write(TextfileBackend.HEADER.getBytes(StandardCharsets.US_ASCII));
    MetricSnapshots s =
        dev.promjob.internal.Relabel.withLabels(
            dev.promjob.spi.Exposition.of(r, io.prometheus.metrics.model.snapshots.Labels.EMPTY)
                .snapshots(java.util.OptionalDouble.empty()),
            job().identityLabels());
    // client_java's text of the families the next run reads back, the line that ends them, then
    // its text of the others.
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> first = new ArrayList<>();
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> rest = new ArrayList<>();
    for (io.prometheus.metrics.model.snapshots.MetricSnapshot m : s) {
      (LastSuccess.FAMILIES.contains(m.getMetadata().getPrometheusName()) ? first : rest).add(m);
    }
    io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
        .write(
            expected,
            new MetricSnapshots(first),
            io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
    expected.write(LastSuccess.END_LINE);
    io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
        .write(
            expected,
            new MetricSnapshots(rest),
            io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
    assertThat(first).hasSize(3);
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(backend(dir).fileOf(job())));
  }
}
