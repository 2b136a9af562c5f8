package dev.promjob.spring.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.reflect.Method;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/**
 * Spring's own {@link ScheduledMethodRunnable}, observed through a real {@link ObservationRegistry}
 * with the handler: what each execution reports, and that the method's behaviour and exception are
 * unchanged whatever the report does.
 */
class ScheduledRunsTest {
  static final RuntimeException BOOM = new IllegalStateException("boom");

  static class Task {
    int calls;
    RuntimeException next;

    @Scheduled(fixedRate = 60_000)
    void sync() {
      calls++;
      if (next != null) {
        throw next;
      }
    }
  }

  /** A clock the test moves by a second at each reading. */
  static final class Ticks implements InstantSource {
    final AtomicLong seconds = new AtomicLong(1_700_000_000);

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds.getAndIncrement());
    }
  }

  final Task task = new Task();
  final RegistryBackend backend = new RegistryBackend();
  final Ticks clock = new Ticks();

  ScheduledMethodRunnable runnable(Backend to) throws Exception {
    ScheduledMethods methods = new ScheduledMethods();
    methods.postProcessAfterInitialization(task, "invoiceSync");
    ScheduledJobs jobs =
        new ScheduledJobs(methods, Reporter.builder().build(), k -> Optional.empty(), clock);
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ScheduledRuns(jobs, to, clock));
    Method sync = Task.class.getDeclaredMethod("sync");
    return new ScheduledMethodRunnable(task, sync, null, () -> registry);
  }

  static Map<String, Double> values(RegistryBackend backend) {
    Map<String, Double> out = new TreeMap<>();
    for (MetricSnapshot s : backend.collect()) {
      GaugeSnapshot g = (GaugeSnapshot) s;
      assertThat(g.getDataPoints()).hasSize(1);
      assertThat(g.getDataPoints().get(0).getLabels().get("job_name"))
          .isEqualTo("invoice_sync_sync");
      out.put(s.getMetadata().getPrometheusName(), g.getDataPoints().get(0).getValue());
    }
    return out;
  }

  @Test
  void aReturnIsASuccessAndAThrowAFailureThatKeepsTheLastSuccess() throws Exception {
    ScheduledMethodRunnable run = runnable(backend);
    run.run(); // start 1_700_000_000, end ..001
    assertThat(values(backend))
        .containsEntry("promjob_last_run_success", 1.0)
        .containsEntry("promjob_last_success_timestamp_seconds", 1_700_000_001.0)
        .containsEntry("promjob_last_duration_seconds", 1.0)
        .containsEntry("promjob_expected_interval_seconds", 60.0)
        .containsEntry("promjob_consecutive_failures", 0.0);

    task.next = BOOM;
    assertThatThrownBy(run::run).isSameAs(BOOM);
    assertThatThrownBy(run::run).isSameAs(BOOM);
    assertThat(values(backend))
        .containsEntry("promjob_last_run_success", 0.0)
        .containsEntry("promjob_last_success_timestamp_seconds", 1_700_000_001.0)
        .containsEntry("promjob_last_completion_timestamp_seconds", 1_700_000_005.0)
        .containsEntry("promjob_consecutive_failures", 2.0);
    assertThat(task.calls).isEqualTo(3);
  }

  @Test
  void otherObservationsAreLeftAlone() throws Exception {
    ObservationRegistry registry = ObservationRegistry.create();
    ScheduledMethods methods = new ScheduledMethods();
    ScheduledJobs jobs =
        new ScheduledJobs(methods, Reporter.builder().build(), k -> Optional.empty(), clock);
    registry.observationConfig().observationHandler(new ScheduledRuns(jobs, backend, clock));
    // An HTTP request's observation, say: handed to this handler, its context would not cast.
    Observation.createNotStarted("http.server.requests", registry).observe(() -> task.sync());
    assertThat(task.calls).isEqualTo(1);
    assertThat(backend.collect()).isEmpty();
  }

  @Test
  void aReportThatFailsNeverReachesTheTask() throws Exception {
    Backend broken =
        new Backend() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public String location(Job job) {
            return "nowhere";
          }

          @Override
          public void publish(Exposition exposition) {
            throw new NoClassDefFoundError("io/prometheus/metrics/Missing");
          }

          @Override
          public void delete(Job job) {}
        };
    ScheduledMethodRunnable run = runnable(broken);
    run.run(); // returns: the LinkageError of the report stays in the handler
    task.next = BOOM;
    assertThatThrownBy(run::run).isSameAs(BOOM).hasNoSuppressedExceptions();
    assertThat(task.calls).isEqualTo(2);
  }
}
