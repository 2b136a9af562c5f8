package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.TestClock;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Promtool;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real node_exporter 1.5 (Debian) reads what the library writes: every series, no scrape error,
 * never a partial file while the library rewrites it.
 */
class TextfileIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static NodeExporter nodeExporter;
  static Path dir;

  final TestClock clock = new TestClock(Instant.parse("2026-11-21T10:00:00Z"));
  Reporter reporter;

  @BeforeAll
  static void startNodeExporter() throws IOException {
    // Under /tmp with 0755: node_exporter runs as nobody and must be able to list it.
    dir = NodeExporter.readableTempDirectory("promjob-it-");
    nodeExporter = NodeExporter.start(dir, LOGS);
  }

  @AfterAll
  static void stop() throws IOException {
    if (nodeExporter != null) {
      nodeExporter.close();
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @BeforeEach
  void emptyDirectory() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    reporter =
        Reporter.builder()
            .textfileDirectory(dir)
            .clock(clock)
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    gatheringErrors = gatheringErrors(nodeExporter.scrape());
  }

  @AfterEach
  void everyFilePassesPromtool() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".prom")).toList()) {
        Promtool.assertCheckMetricsPasses(p);
      }
    }
  }

  /** node_exporter's count of dropped series (it only ever grows); each test starts from it. */
  static volatile double gatheringErrors;

  static double gatheringErrors(String text) {
    return NodeExporter.value(text, "promhttp_metric_handler_errors_total", "cause=\"gathering\"");
  }

  /** A scrape with no file skipped and no series dropped since the test began. */
  static String scrapeOk() throws IOException {
    String text = nodeExporter.scrape();
    assertEquals(
        List.of("node_textfile_scrape_error 0"),
        NodeExporter.samples(text, "node_textfile_scrape_error"),
        nodeExporter.logTail());
    assertEquals(
        gatheringErrors,
        gatheringErrors(text),
        "no series dropped for a conflict: " + nodeExporter.logTail());
    return text;
  }

  @Test
  void nodeExporterServesEveryWrittenSeries() throws IOException {
    Job job =
        Job.machineBound("db_backup")
            .groupingLabel("database", "users")
            .expectedInterval(Duration.ofDays(1))
            .build();
    reporter.run(
        job,
        run -> {
          Counter.builder()
              .name("db_backup_rows")
              .help("Rows dumped.")
              .labelNames("table")
              .register(run.registry())
              .labelValues("orders \"2026\"")
              .inc(1200);
          Histogram.builder()
              .name("db_backup_table_seconds")
              .help("Time per table.")
              .classicUpperBounds(1, 10)
              .register(run.registry())
              .observe(3);
          Summary.builder()
              .name("db_backup_batch_rows")
              .help("Rows per batch.")
              .register(run.registry())
              .observe(100);
          clock.advance(Duration.ofSeconds(42));
        });
    Path file = reporter.backendFor(job) instanceof TextfileBackend t ? t.fileOf(job) : null;
    assertEquals(dir.resolve("db_backup@database=users.prom"), file);
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    String text = scrapeOk();
    String id = "database=\"users\",job_name=\"db_backup\"";
    double end = clock.instant().getEpochSecond();
    assertEquals(end, NodeExporter.value(text, BatchMetrics.LAST_SUCCESS, id));
    assertEquals(end, NodeExporter.value(text, BatchMetrics.LAST_COMPLETION, id));
    assertEquals(42, NodeExporter.value(text, BatchMetrics.LAST_DURATION, id));
    assertEquals(1, NodeExporter.value(text, BatchMetrics.LAST_RUN_SUCCESS, id));
    assertEquals(86400, NodeExporter.value(text, BatchMetrics.EXPECTED_INTERVAL, id));
    assertEquals(
        1200, NodeExporter.value(text, "db_backup_rows_total", "table=\"orders \\\"2026\\\"\""));
    assertEquals(1, NodeExporter.value(text, "db_backup_table_seconds_bucket", "le=\"10\""));
    assertEquals(1, NodeExporter.value(text, "db_backup_batch_rows_count", id));
    assertThat(text).contains("# TYPE db_backup_rows_total counter");
    assertThat(text).contains("node_textfile_mtime_seconds{file=\"" + file + "\"}");
    System.out.println(
        "[TextfileIT] scraped from node_exporter:\n"
            + String.join(
                "\n",
                text.lines()
                    .filter(
                        l -> l.contains("job_name=\"db_backup\"") || l.startsWith("node_textfile"))
                    .toList()));
  }

  @Test
  void aFailedRunKeepsTheLastSuccessVisible() throws IOException {
    Job job = Job.machineBound("rotate_logs").build();
    reporter.run(job, run -> {});
    double success = clock.instant().getEpochSecond();
    clock.advance(Duration.ofHours(1));
    assertThrows(
        IllegalStateException.class,
        () ->
            reporter.run(
                job,
                run -> {
                  throw new IllegalStateException("rotation failed");
                }));
    String text = scrapeOk();
    assertEquals(
        success, NodeExporter.value(text, BatchMetrics.LAST_SUCCESS, "job_name=\"rotate_logs\""));
    assertEquals(
        success + 3600,
        NodeExporter.value(text, BatchMetrics.LAST_COMPLETION, "job_name=\"rotate_logs\""));
    assertEquals(
        0, NodeExporter.value(text, BatchMetrics.LAST_RUN_SUCCESS, "job_name=\"rotate_logs\""));
  }

  @Test
  void theGuardRefusesWhatNodeExporterWouldSilentlyDrop() throws IOException {
    // First show node_exporter's own behaviour: a HELP clash drops a series, and nothing says so
    // in node_textfile_scrape_error.
    Files.writeString(
        dir.resolve("a.prom"),
        "# HELP shared_total From a.\n# TYPE shared_total counter\nshared_total{f=\"a\"} 1\n");
    Files.writeString(
        dir.resolve("b.prom"),
        "# HELP shared_total From b.\n# TYPE shared_total counter\nshared_total{f=\"b\"} 1\n");
    String text = nodeExporter.scrape();
    assertEquals(
        List.of("node_textfile_scrape_error 0"),
        NodeExporter.samples(text, "node_textfile_scrape_error"));
    assertEquals(
        1,
        NodeExporter.samples(text, "shared_total").size(),
        "node_exporter dropped b.prom's series");
    // The drop is counted while that scrape is served, so the next scrape shows it.
    assertTrue(
        gatheringErrors(nodeExporter.scrape()) > gatheringErrors,
        "seen only in promhttp_metric_handler_errors_total");
    Files.delete(dir.resolve("b.prom"));
    gatheringErrors = gatheringErrors(nodeExporter.scrape());

    Job job = Job.machineBound("exporter_job").build();
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () ->
                reporter.run(
                    job,
                    run ->
                        Counter.builder()
                            .name("shared")
                            .help("From promjob.")
                            .register(run.registry())
                            .inc()));
    assertTrue(e.getCause() instanceof TextfileConflictException, e.toString());
    assertThat(e.getMessage())
        .contains("family shared_total has HELP \"From promjob.\" here but \"From a.\" in a.prom");
    assertTrue(Files.notExists(dir.resolve("exporter_job.prom")));
    scrapeOk();
  }

  @Test
  void theGuardsSummaryIsNeverReadByNodeExporterAndTheGuardStillRefuses() throws IOException {
    Path a =
        Files.writeString(
            dir.resolve("a.prom"),
            "# HELP shared_total From a.\n# TYPE shared_total counter\nshared_total{f=\"a\"} 1\n");
    DirectorySummaryTest.settle(a);
    Job job = Job.machineBound("exporter_job").build();
    for (int write = 0; write < 2; write++) { // a.prom read, then a.prom from the summary
      Reporter fresh =
          Reporter.builder()
              .textfileDirectory(dir)
              .clock(clock)
              .reportErrors(ReportErrorPolicy.THROW)
              .build();
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () ->
                  fresh.run(
                      job,
                      run ->
                          Counter.builder()
                              .name("shared")
                              .help("From promjob.")
                              .register(run.registry())
                              .inc()));
      assertThat(e.getMessage())
          .contains(
              "family shared_total has HELP \"From promjob.\" here but \"From a.\" in a.prom");
      assertTrue(Files.isRegularFile(dir.resolve(DirectorySummary.NAME)), "write " + write);
    }
    reporter.run(Job.machineBound("calm_job").build(), run -> {});
    String text = nodeExporter.scrape();
    assertEquals(
        List.of("node_textfile_scrape_error 0"),
        NodeExporter.samples(text, "node_textfile_scrape_error"));
    assertThat(NodeExporter.samples(text, "node_textfile_mtime_seconds"))
        .hasSize(2) // a.prom and calm_job.prom
        .noneMatch(s -> s.contains("guard-summary"));
    scrapeOk();
  }

  @Test
  void aScraperNeverSeesAPartialFileWhileTheLibraryRewritesIt() throws Exception {
    int series = 10_000;
    int rewrites = 200;
    Job job = Job.machineBound("bulk_job").build();
    TextfileBackend backend = (TextfileBackend) reporter.backendFor(job);
    writeBulk(job, series, 0);

    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<int[]> scraper =
        pool.submit(
            () -> {
              int scrapes = 0;
              int versions = 0;
              double lastVersion = -1;
              while (writing.get()) {
                String text = scrapeOk();
                List<String> lines = NodeExporter.samples(text, "bulk_items");
                assertEquals(series, lines.size(), "a scrape saw a partial file");
                double version =
                    Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
                for (String l : lines) {
                  assertEquals(
                      version,
                      Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)),
                      "a scrape mixed two versions");
                }
                if (version != lastVersion) {
                  versions++;
                  lastVersion = version;
                }
                scrapes++;
              }
              return new int[] {scrapes, versions};
            });
    long[] nanos = new long[rewrites];
    for (int v = 1; v <= rewrites; v++) {
      long t = System.nanoTime();
      writeBulk(job, series, v);
      nanos[v - 1] = System.nanoTime() - t;
    }
    writing.set(false);
    int[] seen = scraper.get(5, TimeUnit.MINUTES);
    pool.shutdown();
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(backend.fileOf(job)), s.toList(), "no temp file left");
    }
    assertTrue(seen[0] >= 10, "the scraper ran concurrently: " + seen[0] + " scrapes");
    assertTrue(seen[1] >= 2, "the scraper saw several versions: " + seen[1]);
    java.util.Arrays.sort(nanos);
    System.out.printf(
        "[TextfileIT] %d rewrites of a %d-series file while scraping: %d scrapes, %d distinct versions seen,"
            + " 0 partial, 0 scrape errors; write median %.1f ms, p90 %.1f ms, max %.1f ms (file %d bytes)%n",
        rewrites,
        series,
        seen[0],
        seen[1],
        nanos[rewrites / 2] / 1e6,
        nanos[rewrites * 9 / 10] / 1e6,
        nanos[rewrites - 1] / 1e6,
        Files.size(backend.fileOf(job)));
  }

  private void writeBulk(Job job, int series, int version) {
    reporter.run(
        job,
        run -> {
          Gauge g =
              Gauge.builder()
                  .name("bulk_items")
                  .help("One series per item.")
                  .labelNames("item")
                  .register(run.registry());
          for (int i = 0; i < series; i++) {
            g.labelValues(Integer.toString(i)).set(version);
          }
        });
  }

  @Test
  void deleteRemovesTheSeries() throws IOException {
    Job job = Job.machineBound("retired").build();
    reporter.run(job, run -> {});
    assertEquals(1, NodeExporter.samples(scrapeOk(), BatchMetrics.LAST_SUCCESS).size());
    reporter.delete(job);
    assertEquals(
        new ArrayList<String>(), NodeExporter.samples(scrapeOk(), BatchMetrics.LAST_SUCCESS));
  }
}
