package dev.promjob;

import static dev.promjob.testing.NodeExporter.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import dev.promjob.testing.LogCapture;
import dev.promjob.textfile.TextfileBackend;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several backends per job: one report, each backend its own text, its own last success and
 * failures in a row, and none stopped by another's failure.
 */
class SeveralBackendsTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path one;
  @TempDir Path two;

  final TestClock clock = new TestClock(T0);
  final Job job = Job.machineBound("nightly").groupingLabel("site", "a").build();

  /** Another textfile directory under another name: a real textfile backend, renamed. */
  static final class Renamed implements Backend {
    final String name;
    final Backend inner;

    Renamed(String name, Backend inner) {
      this.name = name;
      this.inner = inner;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void check(Job job) {
      inner.check(job);
    }

    @Override
    public void checkMetricName(String metric) {
      inner.checkMetricName(metric);
    }

    @Override
    public String location(Job job) {
      return inner.location(job);
    }

    @Override
    public Labels labelsInText(Job job) {
      return inner.labelsInText(job);
    }

    @Override
    public void publish(Exposition exposition) throws IOException {
      inner.publish(exposition);
    }

    @Override
    public void publishStart(InProgressExposition start) throws IOException {
      inner.publishStart(start);
    }

    @Override
    public void delete(Job job) throws IOException {
      inner.delete(job);
    }
  }

  /** Fails every call in the way it is told; keeps the texts of the starts it was given. */
  static class Failing implements Backend {
    final Throwable failure;
    final List<String> starts = new CopyOnWriteArrayList<>();

    Failing(Throwable failure) {
      this.failure = failure;
    }

    @Override
    public String name() {
      return "failing";
    }

    @Override
    public String location(Job job) {
      return "nowhere/" + job.name();
    }

    /** As the Pushgateway's: the grouping labels come from the URL, not the text. */
    @Override
    public Labels labelsInText(Job job) {
      return Labels.of(BatchMetrics.JOB_NAME_LABEL, job.name());
    }

    @Override
    public void publish(Exposition exposition) throws IOException {
      fail();
    }

    @Override
    public void publishStart(InProgressExposition start) throws IOException {
      starts.add(new String(start.text(), StandardCharsets.UTF_8));
      fail();
    }

    @Override
    public void delete(Job job) throws IOException {
      fail();
    }

    private void fail() throws IOException {
      if (failure instanceof IOException e) {
        throw e;
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) failure;
    }
  }

  Backend textfile(Path dir) {
    return TextfileBackend.builder().directory(dir).build();
  }

  Reporter reporter(ReportErrorPolicy policy, Backend... backends) {
    Backend[] more = java.util.Arrays.copyOfRange(backends, 1, backends.length);
    return Reporter.builder()
        .backend(Scope.MACHINE_BOUND, backends[0], more)
        .clock(clock)
        .reportErrors(policy)
        .reportOnShutdown(false, Duration.ofSeconds(1))
        .build();
  }

  String file(Path dir) throws IOException {
    return Files.readString(dir.resolve("nightly@site=a.prom"));
  }

  static double value(String text, String metric) {
    List<String> found = samples(text, metric);
    assertThat(found).as(metric + " in\n" + text).hasSize(1);
    String line = found.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  void eachBackendCarriesItsOwnLastSuccessAndFailuresInARow() throws IOException {
    Backend first = textfile(one);
    Backend second = new Renamed("textfile2", textfile(two));
    // Before the second backend was added: a success, then a failure, on the first alone.
    Reporter alone = reporter(ReportErrorPolicy.THROW, first);
    alone.run(job, run -> {});
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> alone.run(job, run -> fail("disk full")));
    clock.advance(Duration.ofHours(1));
    Reporter both = reporter(ReportErrorPolicy.THROW, first, second);

    assertThatThrownBy(() -> both.run(job, run -> fail("disk full")));

    double t0 = T0.getEpochSecond();
    assertThat(value(file(one), BatchMetrics.LAST_SUCCESS)).isEqualTo(t0);
    assertThat(value(file(one), BatchMetrics.CONSECUTIVE_FAILURES)).isEqualTo(2);
    // the second holds no success: it never learns the first one's
    assertThat(samples(file(two), BatchMetrics.LAST_SUCCESS)).isEmpty();
    assertThat(value(file(two), BatchMetrics.CONSECUTIVE_FAILURES)).isEqualTo(1);

    clock.advance(Duration.ofHours(1));
    both.run(job, run -> {});
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> both.run(job, run -> fail("disk full")));

    double t3 = T0.plus(Duration.ofHours(3)).getEpochSecond();
    for (Path dir : List.of(one, two)) {
      assertThat(value(file(dir), BatchMetrics.LAST_SUCCESS)).isEqualTo(t3);
      assertThat(value(file(dir), BatchMetrics.CONSECUTIVE_FAILURES)).isEqualTo(1);
    }
  }

  static void fail(String why) throws IOException {
    throw new IOException(why);
  }

  @Test
  void aFailingBackendStopsNoneOfTheOthersAndIsNamedOnceAllWereTried() throws IOException {
    for (Throwable failure :
        List.of(
            new IOException("gateway down"),
            new IllegalStateException("bug"),
            new NoClassDefFoundError("io/missing/Thing"))) {
      Failing failing = new Failing(failure);
      Reporter reporter = reporter(ReportErrorPolicy.THROW, failing, textfile(one));

      assertThatThrownBy(() -> reporter.run(job, run -> {}))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage(
              "job 'nightly': report failed: 1 of 2 backends failed (textfile did not): failing"
                  + " nowhere/nightly: "
                  + (failure instanceof IOException ? failure.getMessage() : failure.toString()))
          .satisfies(e -> assertThat(e.getCause().getSuppressed()).containsExactly(failure))
          // by name, through the public API: the command line acts on each backend's failure
          .satisfies(
              e ->
                  assertThat(e.getCause())
                      .isInstanceOfSatisfying(
                          SeveralBackendsException.class,
                          s ->
                              assertThat(s.failures()).containsExactly(entry("failing", failure))));
      // written although the backend before it failed
      assertThat(value(file(one), BatchMetrics.LAST_SUCCESS)).isEqualTo(T0.getEpochSecond());
      Files.delete(one.resolve("nightly@site=a.prom"));
    }
  }

  @Test
  void underTheLogPolicyTheFailuresAreOneLineAndAFailedJobKeepsItsOwnException()
      throws IOException {
    Failing gone = new Failing(new IOException("gateway down"));
    Reporter reporter = reporter(ReportErrorPolicy.LOG, gone, textfile(one));
    try (LogCapture log = LogCapture.start()) {
      reporter.run(job, run -> {});
      assertThat(log.messages())
          .containsExactly(
              "job 'nightly': report failed: 1 of 2 backends failed (textfile did not): failing"
                  + " nowhere/nightly: gateway down");
    }
    IOException own = new IOException("disk full");
    assertThatThrownBy(() -> reporter.run(job, run -> fail(own)))
        .isSameAs(own)
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .extracting(Throwable::getMessage)
                    .isEqualTo(
                        "1 of 2 backends failed (textfile did not): failing nowhere/nightly:"
                            + " gateway down"));
    assertThat(value(file(one), BatchMetrics.LAST_RUN_SUCCESS)).isZero();
  }

  static void fail(IOException e) throws IOException {
    throw e;
  }

  @Test
  void allFailedAreNamedEach() {
    Failing a = new Failing(new IOException("refused"));
    Failing b = new Failing(new IOException("timed out"));
    Backend renamed = new Renamed("other", b);
    Reporter reporter = reporter(ReportErrorPolicy.THROW, a, renamed);

    assertThatThrownBy(() -> reporter.run(job, run -> {}))
        .hasMessage(
            "job 'nightly': report failed: 2 of 2 backends failed: failing nowhere/nightly:"
                + " refused; other nowhere/nightly: timed out");
  }

  /** Bounds a backend that waits for the other to start: it never does if they run in turn. */
  static final class Waiting extends ReporterTest.Recording {
    final String name;
    final CountDownLatch started;
    final CountDownLatch other;

    Waiting(String name, CountDownLatch started, CountDownLatch other) {
      this.name = name;
      this.started = started;
      this.other = other;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void publish(Exposition exposition) throws IOException {
      started.countDown();
      try {
        if (!other.await(10, TimeUnit.SECONDS)) {
          throw new IOException(name + ": the other backend never started: they ran in turn");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      super.publish(exposition);
    }
  }

  @Test
  void theBackendsDeliverAtOnceSoTheSlowestBoundsTheReport() {
    CountDownLatch a = new CountDownLatch(1);
    CountDownLatch b = new CountDownLatch(1);
    Waiting first = new Waiting("first", a, b);
    Waiting second = new Waiting("second", b, a);

    reporter(ReportErrorPolicy.THROW, first, second).run(job, run -> {});

    assertThat(first.reports).hasSize(1);
    assertThat(second.reports).singleElement().isSameAs(first.reports.get(0)); // one Report
  }

  @Test
  void eachStartIsPublishedWithItsOwnLabelsAndOneFailingStopsNoOther() throws IOException {
    Failing failing = new Failing(new IOException("gateway down"));
    Job marked = Job.machineBound("nightly").groupingLabel("site", "a").inProgress(true).build();
    Reporter reporter = reporter(ReportErrorPolicy.LOG, failing, textfile(one));
    try (LogCapture log = LogCapture.start()) {
      Run run = reporter.start(marked);

      assertThat(file(one)).contains("promjob_runs_in_progress{job_name=\"nightly\",site=\"a\"} 1");
      assertThat(failing.starts).singleElement().asString().contains("{job_name=\"nightly\"} 1");
      assertThat(log.messages())
          .containsExactly(
              "job 'nightly': its start could not be published, the run goes on: 1 of 2 backends"
                  + " failed (textfile did not): failing nowhere/nightly: gateway down");
    }
  }

  @Test
  void everyBackendMustAcceptTheJobAndEachMetricName() {
    Job instance = Job.serviceLevel("nightly").groupingLabel("instance", "h").build();
    Reporter reporter =
        reporter(ReportErrorPolicy.LOG, new ReporterTest.Recording(), textfile(one));
    Reporter everyScope =
        Reporter.builder()
            .backend(Scope.SERVICE_LEVEL, new ReporterTest.Recording(), textfile(one))
            .reportOnShutdown(false, Duration.ofSeconds(1))
            .build();

    assertThatThrownBy(() -> everyScope.start(instance))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instance");
    Run run = reporter.start(job);
    assertThatThrownBy(() -> Gauge.builder().name("node_load1").help("h").register(run.registry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'node_load1'");
    run.success();
  }

  @Test
  void deleteAsksEachAndNamesEachThatFailed() throws IOException {
    Failing failing = new Failing(new IOException("gateway down"));
    reporter(ReportErrorPolicy.THROW, textfile(one)).run(job, run -> {});
    Reporter reporter = reporter(ReportErrorPolicy.THROW, failing, textfile(one));

    assertThatThrownBy(() -> reporter.delete(job))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "1 of 2 backends failed (textfile did not): failing nowhere/nightly: gateway down");
    assertThat(one.resolve("nightly@site=a.prom")).doesNotExist();
  }

  @Test
  void configurationNamesSeveralAndEveryPlaceIsTheirLocation() {
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(one)
            .backend(new ReporterTest.Recording())
            .config(Config.of(Map.of(Config.jobBackendKey("nightly"), " textfile , recording")))
            .build();

    assertThat(reporter.backendsFor(job))
        .extracting(Backend::name)
        .containsExactly("textfile", "recording");
    Backend as = reporter.backendFor(job);
    assertThat(as.name()).isEqualTo("textfile,recording");
    assertThat(as.location(job))
        .isEqualTo(
            "textfile " + one.resolve("nightly@site=a.prom") + ", recording memory of nightly");
  }

  @Test
  void theEnvironmentVariableAndEveryJobsKeyNameSeveralToo() {
    Config env =
        Config.load(Map.of("PROMJOB_JOB_NIGHTLY_BACKEND", "recording,textfile"), new Properties());
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(one)
            .backend(new ReporterTest.Recording())
            .config(env)
            .build();
    assertThat(reporter.backendFor(job).name()).isEqualTo("recording,textfile");

    Config all = Config.of(Map.of(Config.BACKEND, "recording,textfile"));
    Reporter every =
        Reporter.builder()
            .textfileDirectory(one)
            .backend(new ReporterTest.Recording())
            .config(all)
            .build();
    assertThat(every.backendFor(Job.serviceLevel("other").build()).name())
        .isEqualTo("recording,textfile");
  }

  @Test
  void aNameGivenTwiceOrAnEmptyOneIsRefusedNamingTheValue() {
    for (Map.Entry<String, String> c :
        Map.of(
                "textfile, textfile",
                "'textfile, textfile': promjob.job.nightly.backend names backend textfile twice",
                "textfile,",
                "'textfile,': promjob.job.nightly.backend has an empty backend name (names are"
                    + " comma-separated)")
            .entrySet()) {
      Reporter reporter =
          Reporter.builder()
              .textfileDirectory(one)
              .config(Config.of(Map.of(Config.jobBackendKey("nightly"), c.getKey())))
              .build();
      assertThatThrownBy(() -> reporter.start(job)).hasMessage(c.getValue());
    }
    Backend t = textfile(one);
    assertThatThrownBy(() -> Reporter.builder().backend(Scope.MACHINE_BOUND, t, textfile(two)))
        .hasMessage(
            "'textfile,textfile': the backends of MACHINE_BOUND names backend textfile twice");
  }

  @Test
  void anUnknownNameInTheListIsRefusedAsAlone() {
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(one)
            .config(Config.of(Map.of(Config.jobBackendKey("nightly"), "textfile,nosuch")))
            .build();

    assertThatThrownBy(() -> reporter.start(job))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no 'nosuch' backend on the class path");
  }

  @Test
  void aCallerInterruptedWaitsNoMoreAndNamesTheBackendsNotDone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Backend interrupting =
        new ReporterTest.Recording() {
          @Override
          public void publish(Exposition exposition) {
            Thread.currentThread().interrupt(); // as a caller that wants to stop now
          }
        };
    Backend stuck =
        new Renamed(
            "stuck",
            new ReporterTest.Recording() {
              @Override
              public void publish(Exposition exposition) throws IOException {
                try {
                  release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  throw new IOException(e);
                }
              }
            });
    try {
      assertThatThrownBy(
              () ->
                  FanOut.each(
                      List.of(interrupting, stuck),
                      job,
                      "report",
                      b -> b.publish(Exposition.of(report(), job.identityLabels()))))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "1 of 2 backends failed (recording did not): stuck memory of nightly: not done: the"
                  + " reporting thread was interrupted");
      assertThat(Thread.interrupted()).isTrue(); // kept for the caller, and cleared here
    } finally {
      release.countDown();
    }
  }

  Report report() {
    return new Report(
        job, Outcome.SUCCESS, T0, T0, new io.prometheus.metrics.model.snapshots.MetricSnapshots());
  }

  @Test
  void aListOfNamesMakesOneOfThemAllAndAnEmptyFirstNameIsRefused() throws IOException {
    Reporter reporter =
        Reporter.builder().textfileDirectory(one).backend(new ReporterTest.Recording()).build();

    Backend both = reporter.backendNamed("textfile,recording");
    assertThat(both.name()).isEqualTo("textfile,recording");
    both.publish(Exposition.of(report(), job.identityLabels())); // each renders it again
    assertThat(value(file(one), BatchMetrics.LAST_SUCCESS)).isEqualTo(T0.getEpochSecond());
    assertThatThrownBy(() -> reporter.backendNamed(",textfile"))
        .hasMessage(
            "',textfile': backend names has an empty backend name (names are comma-separated)");
  }

  @Test
  void theJvmsOwnFailureIsRethrownOnceTheOthersAreDone() throws IOException {
    OutOfMemoryError oom = new OutOfMemoryError("test");
    Reporter reporter = reporter(ReportErrorPolicy.LOG, new Failing(oom), textfile(one));

    assertThatThrownBy(() -> reporter.run(job, run -> {})).isSameAs(oom);
    assertThat(value(file(one), BatchMetrics.LAST_SUCCESS)).isEqualTo(T0.getEpochSecond());
  }

  @Test
  void aBackendWhoseLocationFailsIsStillNamed() {
    Backend lost =
        new Failing(new IOException("down")) {
          @Override
          public String location(Job job) {
            throw new IllegalStateException("no URL");
          }
        };
    Backend other = new ReporterTest.Recording();

    assertThatThrownBy(
            () ->
                FanOut.each(
                    List.of(other, lost),
                    job,
                    "report",
                    b -> b.publish(Exposition.of(report(), job.identityLabels()))))
        .hasMessage(
            "1 of 2 backends failed (recording did not): failing (location unknown:"
                + " java.lang.IllegalStateException: no URL): down");
  }
}
