package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.textfile.TextfileBackend;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReporterTest {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  /** Keeps what it is given; fails when told to. A backend, not a mock of one: it is the seam. */
  static class Recording implements Backend {
    final List<Report> reports = new ArrayList<>();
    IOException failWith;

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public String location(Job job) {
      return "memory of " + job.name();
    }

    @Override
    public void publish(Exposition exposition) throws IOException {
      Report report = exposition.report();
      if (failWith != null) {
        throw failWith;
      }
      reports.add(report);
    }

    @Override
    public void delete(Job job) {}
  }

  final Recording backend = new Recording();
  final TestClock clock = new TestClock(T0);
  final Job job = Job.machineBound("nightly").groupingLabel("site", "a").build();

  Reporter reporter(ReportErrorPolicy policy) {
    return Reporter.builder()
        .backend(Scope.MACHINE_BOUND, backend)
        .clock(clock)
        .reportErrors(policy)
        .build();
  }

  @Test
  void aBodyThatReturnsIsASuccess() {
    Outcome o =
        reporter(ReportErrorPolicy.LOG)
            .run(
                job,
                run -> {
                  Counter.builder().name("items").help("Items.").register(run.registry()).inc(3);
                  clock.advance(Duration.ofSeconds(7));
                });
    assertEquals(Outcome.SUCCESS, o);
    Report r = backend.reports.get(0);
    assertEquals(Outcome.SUCCESS, r.outcome());
    assertEquals(Duration.ofSeconds(7), r.duration());
    assertEquals(T0, r.start());
    assertEquals("items", r.metrics().get(0).getMetadata().getName());
  }

  @Test
  void anExceptionEscapingTheRunIsAFailureAndIsRethrownUnchanged() {
    IllegalStateException boom = new IllegalStateException("disk full");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                reporter(ReportErrorPolicy.THROW)
                    .run(
                        job,
                        run -> {
                          throw boom;
                        }));
    assertSame(boom, thrown);
    assertEquals(Outcome.FAILURE, backend.reports.get(0).outcome());
  }

  @Test
  void checkedExceptionsOfTheBodyPassThrough() {
    IOException io =
        assertThrows(
            IOException.class,
            () ->
                reporter(ReportErrorPolicy.LOG)
                    .run(
                        job,
                        run -> {
                          throw new IOException("source unreachable");
                        }));
    assertEquals("source unreachable", io.getMessage());
    assertEquals(1, backend.reports.size());
  }

  @Test
  void aReportErrorNeverMasksTheJobsException() {
    backend.failWith = new IOException("cannot write /x/nightly.prom: No space left on device");
    RuntimeException boom = new RuntimeException("job failed");
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                reporter(ReportErrorPolicy.THROW)
                    .run(
                        job,
                        run -> {
                          throw boom;
                        }));
    assertSame(boom, thrown);
    assertEquals(1, thrown.getSuppressed().length);
    assertThat(thrown.getSuppressed()[0].getMessage()).contains("No space left");
  }

  @Test
  void tryWithResourcesWithoutSuccessIsAFailure() {
    Reporter reporter = reporter(ReportErrorPolicy.LOG);
    try (Run run = reporter.start(job)) {
      assertTrue(run.outcome().isEmpty());
    }
    assertEquals(Outcome.FAILURE, backend.reports.get(0).outcome());
    try (Run run = reporter.start(job)) {
      run.success();
    }
    assertEquals(Outcome.SUCCESS, backend.reports.get(1).outcome());
    assertEquals(2, backend.reports.size(), "close after success reports nothing more");
  }

  @Test
  void aRunReportsExactlyOnce() {
    Run run = reporter(ReportErrorPolicy.LOG).start(job);
    run.success();
    IllegalStateException e = assertThrows(IllegalStateException.class, run::failure);
    assertEquals("run of job 'nightly' already finished as SUCCESS", e.getMessage());
    run.close();
    assertEquals(1, backend.reports.size());
  }

  @Test
  void throwPolicyThrowsUncheckedIoWithTheCause() {
    IOException cause = new IOException("cannot write /x/nightly.prom: Read-only file system");
    backend.failWith = cause;
    Run run = reporter(ReportErrorPolicy.THROW).start(job);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, run::success);
    assertSame(cause, e.getCause());
    assertEquals(
        "job 'nightly': report failed: cannot write /x/nightly.prom: Read-only file system",
        e.getMessage());
  }

  @Test
  void logPolicyLetsTheJobCarryOn() {
    backend.failWith = new IOException("nope");
    assertEquals(Outcome.SUCCESS, reporter(ReportErrorPolicy.LOG).run(job, run -> {}));
  }

  @Test
  void configOverridesThePolicySetInCode() {
    Reporter r =
        Reporter.builder()
            .reportErrors(ReportErrorPolicy.LOG)
            .config(Config.of(Map.of(Config.REPORT_ERRORS, "throw")))
            .build();
    assertEquals(ReportErrorPolicy.THROW, r.reportErrors());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Reporter.builder()
                    .config(Config.of(Map.of(Config.REPORT_ERRORS, "ignore")))
                    .build());
    assertEquals("'ignore': promjob.report.errors must be log or throw", e.getMessage());
  }

  @Test
  void aCommandWrappersMetricsAreTheOnlyPromjobNamesAllowedAndOnlyWithTheirHelp() {
    PrometheusRegistry registry = reporter(ReportErrorPolicy.LOG).start(job).registry();
    String help = BatchMetrics.COMMAND_HELP.get(BatchMetrics.LAST_EXIT_CODE);

    Gauge.builder().name(BatchMetrics.LAST_EXIT_CODE).help(help).register(registry).set(3);

    assertEquals(4, BatchMetrics.COMMAND_HELP.size());
    assertRefused(
        "'Exit code.': help text of promjob_last_run_timed_out must be the standard one: \"1 if",
        () ->
            Gauge.builder()
                .name(BatchMetrics.LAST_RUN_TIMED_OUT)
                .help("Exit code.")
                .register(registry));
    assertRefused(
        "'promjob_last_exit_codes': metric names starting with promjob_ are reserved",
        () -> Gauge.builder().name("promjob_last_exit_codes").help(help).register(registry));
  }

  @Test
  void refusesBadMetricsWhenTheyAreRegistered() {
    PrometheusRegistry registry = reporter(ReportErrorPolicy.LOG).start(job).registry();
    assertRefused(
        "'my.metric': not a valid Prometheus metric name",
        () -> Counter.builder().name("my.metric").help("h").register(registry));
    assertRefused(
        "'no_help': metric needs a help text",
        () -> Gauge.builder().name("no_help").register(registry));
    assertRefused(
        "'promjob_x': metric names starting with promjob_ are reserved",
        () -> Gauge.builder().name("promjob_x").help("h").register(registry));
    assertRefused(
        "'job': label name reserved for the scrape target",
        () -> Gauge.builder().name("g").help("h").labelNames("job").register(registry));
    assertRefused(
        "'instance': label name reserved for the scrape target",
        () -> Gauge.builder().name("g").help("h").labelNames("instance").register(registry));
    assertRefused(
        "'job_name': label name reserved by promjob",
        () -> Gauge.builder().name("g").help("h").labelNames("job_name").register(registry));
    assertRefused(
        "'site': label name is a grouping label of job 'nightly'",
        () -> Gauge.builder().name("g").help("h").labelNames("site").register(registry));
    assertRefused(
        "'bad \\ud800': help text of g must be valid Unicode",
        () -> Gauge.builder().name("g").help("bad \uD800").register(registry));
    assertRefused(
        "' Indented.': help text of g must not start with a space or tab",
        () -> Gauge.builder().name("g").help(" Indented.").register(registry));
    Gauge.builder().name("fine").help("Fine.").labelNames("table").register(registry);
  }

  static void assertRefused(String prefix, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertThat(e.getMessage()).startsWith(prefix);
  }

  @Test
  void includesAnExistingRegistryAndChecksItAtTheEnd() {
    PrometheusRegistry mine = new PrometheusRegistry();
    Counter.builder().name("legacy_total").help("Legacy.").register(mine).inc();
    reporter(ReportErrorPolicy.LOG).run(job, run -> run.include(mine));
    assertEquals("legacy", backend.reports.get(0).metrics().get(0).getMetadata().getName());

    PrometheusRegistry bad = new PrometheusRegistry();
    Gauge.builder().name("unhelpful").register(bad).set(1);
    Run run = reporter(ReportErrorPolicy.THROW).start(job).include(bad);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::success);
    assertThat(e.getMessage())
        .startsWith("job 'nightly': left out of its report, the rest delivered: 'unhelpful':")
        .contains("metric needs a help text");
    assertEquals(2, backend.reports.size(), "the rest delivered first");
  }

  @Test
  void refusesTimestampedSamples() {
    Collector stamped =
        () ->
            new GaugeSnapshot(
                new MetricMetadata("stamped", "Has a timestamp."),
                List.of(new GaugeDataPointSnapshot(1, Labels.EMPTY, null, T0.toEpochMilli())));
    RuntimeException jobFailure = new RuntimeException("and the job failed too");
    Run run = reporter(ReportErrorPolicy.LOG).start(job);
    run.registry().register(stamped);
    run.failure(jobFailure);
    assertEquals(0, backend.reports.get(0).metrics().size(), "nothing node_exporter would skip");
    assertEquals(Outcome.FAILURE, backend.reports.get(0).outcome());
    assertThat(jobFailure.getSuppressed()[0].getMessage())
        .contains("'stamped': sample has a timestamp");
  }

  @Test
  void refusesTwoFamiliesOfOneName() {
    PrometheusRegistry other = new PrometheusRegistry();
    Gauge.builder().name("dup").help("A.").register(other).set(1);
    Run run = reporter(ReportErrorPolicy.THROW).start(job).include(other);
    Gauge.builder().name("dup").help("B.").register(run.registry()).set(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::success);
    assertEquals(
        "job 'nightly': left out of its report, the rest delivered: 'dup': two metrics of this"
            + " name in one report (the run's registry and an included one?)",
        e.getMessage());
    assertEquals("B.", backend.reports.get(0).metrics().get(0).getMetadata().getHelp());
  }

  @Test
  void serviceLevelJobsWithoutAnAdapterFailAtStartNamingTheArtifact() {
    Reporter r = Reporter.builder().build();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> r.start(Job.serviceLevel("billing").build()));
    assertThat(e.getMessage()).contains("dev.promjob:promjob-gateway-adapter");
  }

  @Test
  void machineBoundJobsWithoutADirectoryFailAtStartNamingTheKey() {
    Reporter r = Reporter.builder().build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.start(job));
    assertThat(e.getMessage()).contains("PROMJOB_TEXTFILE_DIR");
  }

  @Test
  void theDeclarationPicksTheTextfileBackendForMachineBoundJobs() {
    Reporter r =
        Reporter.builder()
            .textfileDirectory(Path.of("/code"))
            .config(Config.of(Map.of(Config.TEXTFILE_DIR, "/cfg")))
            .build();
    TextfileBackend b = (TextfileBackend) r.backendNamed(Reporter.TEXTFILE);
    assertEquals(Path.of("/cfg"), b.directory());
  }

  @Test
  void theBackendRefusesAJobItCannotReportWhenTheRunStarts() {
    Reporter r =
        Reporter.builder()
            .backend(
                Scope.SERVICE_LEVEL, TextfileBackend.builder().directory(Path.of("/x")).build())
            .build();
    Job withInstance = Job.serviceLevel("j").groupingLabel("instance", "h").build();
    assertThrows(IllegalArgumentException.class, () -> r.start(withInstance));
  }

  @Test
  void aClockSteppingBackNeverGivesANegativeDuration() {
    reporter(ReportErrorPolicy.LOG).run(job, run -> clock.advance(Duration.ofSeconds(-30)));
    assertEquals(Duration.ZERO, backend.reports.get(0).duration());
    assertFalse(backend.reports.get(0).end().isBefore(backend.reports.get(0).start()));
  }

  @Test
  void batchMetricsCarryTheExpectedIntervalOnlyWhenDeclared() {
    Report r =
        new Report(job, Outcome.SUCCESS, T0, T0.plusSeconds(2), new PrometheusRegistry().scrape());
    List<String> names =
        BatchMetrics.of(r, java.util.OptionalDouble.empty()).stream()
            .map(MetricSnapshot::getMetadata)
            .map(MetricMetadata::getName)
            .toList();
    assertEquals(
        List.of(
            BatchMetrics.LAST_SUCCESS,
            BatchMetrics.LAST_COMPLETION,
            BatchMetrics.LAST_DURATION,
            BatchMetrics.LAST_RUN_SUCCESS,
            BatchMetrics.CONSECUTIVE_FAILURES),
        names);
    Job scheduled = Job.machineBound("j").expectedInterval(Duration.ofMinutes(5)).build();
    Report failed =
        new Report(scheduled, Outcome.FAILURE, T0, T0, new PrometheusRegistry().scrape());
    names =
        BatchMetrics.of(failed, java.util.OptionalDouble.of(5)).stream()
            .map(MetricSnapshot::getMetadata)
            .map(MetricMetadata::getName)
            .toList();
    assertEquals(
        List.of(
            BatchMetrics.LAST_SUCCESS,
            BatchMetrics.LAST_COMPLETION,
            BatchMetrics.LAST_DURATION,
            BatchMetrics.LAST_RUN_SUCCESS,
            BatchMetrics.EXPECTED_INTERVAL),
        names);
  }

  static class Named extends Recording {
    final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }
  }

  @Test
  void aJobMovedByConfigurationKeepsItsDeclaredScopeInItsRunAndReport() {
    Named push = new Named("pushgateway");
    Reporter r =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, backend)
            .backend(push)
            .config(Config.of(Map.of(Config.jobBackendKey("nightly"), "pushgateway")))
            .build();
    try (Run run = r.start(job)) {
      assertEquals(job, run.job());
      assertEquals(Scope.MACHINE_BOUND, run.job().scope());
      assertEquals("pushgateway", r.backendFor(run.job()).name());
      run.success();
    }
    assertEquals(Scope.MACHINE_BOUND, push.reports.get(0).job().scope());
  }

  @Test
  void configurationMovesAJobToAnotherBackendWithoutCodeChange() {
    Named push = new Named("pushgateway");
    Job other = Job.machineBound("other").build();
    Reporter byJob =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, backend)
            .backend(push)
            .config(Config.of(Map.of(Config.jobBackendKey("nightly"), "pushgateway")))
            .build();
    byJob.run(job, run -> {});
    byJob.run(other, run -> {});
    assertEquals(1, push.reports.size(), "nightly moved");
    assertEquals(
        "other", backend.reports.get(0).job().name(), "other stays on its scope's backend");
    assertEquals(Scope.MACHINE_BOUND, push.reports.get(0).job().scope(), "as declared");

    Reporter global =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, backend)
            .backend(push)
            .config(
                Config.of(
                    Map.of(
                        Config.BACKEND, "pushgateway", Config.jobBackendKey("other"), "recording")))
            .build();
    global.run(job, run -> {});
    global.run(other, run -> {});
    assertEquals(2, push.reports.size());
    assertEquals(2, backend.reports.size(), "the per-job key beats the global one");
  }

  @Test
  void anUnknownBackendNameFailsAtStartNamingIt() {
    Reporter r =
        Reporter.builder().config(Config.of(Map.of(Config.BACKEND, "carrier_pigeon"))).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.start(job));
    assertThat(e.getMessage()).startsWith("no 'carrier_pigeon' backend on the class path");
  }

  @Test
  void aReportMadeElsewhereIsCheckedThenDelivered() throws IOException {
    Named memory = new Named("memory");
    Reporter r = Reporter.builder().backend(Scope.MACHINE_BOUND, memory).build();
    io.prometheus.metrics.model.registry.PrometheusRegistry registry =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Gauge.builder()
        .name("made_elsewhere")
        .help("Made.")
        .register(registry)
        .set(1);
    java.time.Instant t = java.time.Instant.parse("2026-11-21T10:00:00Z");
    r.report(new Report(job, Outcome.SUCCESS, t, t, registry.scrape()));
    assertEquals(1, memory.reports.size());
    io.prometheus.metrics.model.registry.PrometheusRegistry bad =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Gauge.builder()
        .name("promjob_mine")
        .help("Mine.")
        .register(bad)
        .set(1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> r.report(new Report(job, Outcome.SUCCESS, t, t, bad.scrape())));
    assertThat(e.getMessage())
        .startsWith("'promjob_mine': metric names starting with promjob_ are reserved");
    assertEquals(1, memory.reports.size(), "nothing delivered");
  }

  /** A backend whose every report fails, as a full disk or a gateway down would. */
  static final class Broken extends Recording {
    @Override
    public void publish(Exposition exposition) throws IOException {
      Report report = exposition.report();
      throw new IOException("disk on fire");
    }
  }

  @Test
  void aFailedReportRidesOnTheJobsOwnExceptionAndIsLogged() {
    Reporter r = Reporter.builder().backend(Scope.MACHINE_BOUND, new Broken()).build();
    IllegalStateException own = new IllegalStateException("the job failed");
    try (dev.promjob.testing.LogCapture log = dev.promjob.testing.LogCapture.start()) {
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  r.run(
                      job,
                      run -> {
                        throw own;
                      }));
      assertSame(own, thrown);
      assertEquals("disk on fire", own.getSuppressed()[0].getMessage());
      assertEquals(List.of("job 'nightly': report failed: disk on fire"), log.messages());
    }
  }

  @Test
  void includedRegistriesAreCheckedLabelByLabelWhenTheRunEnds() {
    io.prometheus.metrics.model.registry.PrometheusRegistry mine =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Gauge.builder()
        .name("kept_items")
        .help("Items.")
        .labelNames("instance")
        .register(mine)
        .labelValues("h")
        .set(1);
    Run run = reporter(ReportErrorPolicy.THROW).start(job).include(mine);
    assertEquals(T0, run.start());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::success);
    assertThat(e.getMessage()).contains("'instance': label name reserved for the scrape target");
    assertTrue(backend.reports.get(0).metrics().stream().findAny().isEmpty());
  }

  /** A backend that refuses the job (a RuntimeException), as a misconfigured one would. */
  static final class Refusing extends Recording {
    @Override
    public void check(Job job) {
      if (job.name().equals("refused")) {
        throw new IllegalArgumentException("'refused': not for this backend");
      }
    }

    @Override
    public void publish(Exposition exposition) {
      Report report = exposition.report();
      throw new IllegalStateException("backend broke");
    }
  }

  @Test
  void aBackendsRuntimeErrorRidesOnAFailedRunAndIsThrownForASuccess() throws IOException {
    Reporter r =
        Reporter.builder()
            .backend(Scope.MACHINE_BOUND, new Refusing())
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    IllegalStateException own = new IllegalStateException("the job failed");
    assertSame(
        own,
        assertThrows(
            IllegalStateException.class,
            () ->
                r.run(
                    job,
                    run -> {
                      throw own;
                    })));
    assertEquals("backend broke", own.getSuppressed()[0].getMessage());
    IllegalStateException broke =
        assertThrows(IllegalStateException.class, () -> r.run(job, run -> {}));
    assertEquals("backend broke", broke.getMessage());
    Job refused = Job.machineBound("refused").build();
    java.time.Instant t = java.time.Instant.parse("2026-11-21T10:00:00Z");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                r.report(
                    new Report(refused, Outcome.SUCCESS, t, t, new PrometheusRegistry().scrape())));
    assertEquals("'refused': not for this backend", e.getMessage());
    assertTrue(Reporter.fromConfig().reportErrors() != null);
  }
}
