package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.testing.LogCapture;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Under {@code report.errors=log} nothing a backend or the rendering throws fails a job that
 * succeeded, whatever its class: a monitoring bug must not fail the work it watches.
 */
class DeliveryTest {
  /** A bug in a backend, of a class no code of promjob expects. */
  static final class BackendBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BackendBug(String message) {
      super(message);
    }
  }

  /** An Error of a class no code expects, as an assertion inside a backend throws. */
  static final class RenderingBug extends Error {
    private static final long serialVersionUID = 1L;

    RenderingBug(String message) {
      super(message);
    }
  }

  /** Throws from the rendering ({@code labelsInText}, asked while lib renders) or from publish. */
  static final class Throwing implements Backend {
    final Supplier<Throwable> inRendering;
    final Supplier<Throwable> inPublish;
    final List<byte[]> published = new ArrayList<>();

    Throwing(Supplier<Throwable> inRendering, Supplier<Throwable> inPublish) {
      this.inRendering = inRendering;
      this.inPublish = inPublish;
    }

    @Override
    public String name() {
      return "throwing";
    }

    @Override
    public String location(Job job) {
      return "nowhere";
    }

    @Override
    public Labels labelsInText(Job job) {
      sneaky(inRendering.get());
      return job.identityLabels();
    }

    @Override
    public void publish(Exposition exposition) throws IOException {
      byte[] text = exposition.text(OptionalDouble.empty()); // the rendering runs here
      sneaky(inPublish.get());
      published.add(text);
    }

    @Override
    public void delete(Job job) {}

    private static void sneaky(Throwable t) {
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }
  }

  final Job job = Job.machineBound("nightly").build();

  Reporter reporter(Backend backend, ReportErrorPolicy policy) {
    return Reporter.builder().backend(Scope.MACHINE_BOUND, backend).reportErrors(policy).build();
  }

  static List<Throwing> everyPath() {
    return List.of(
        new Throwing(() -> new BackendBug("in labelsInText"), () -> null),
        new Throwing(() -> new RenderingBug("in labelsInText"), () -> null),
        new Throwing(() -> null, () -> new BackendBug("in publish")),
        new Throwing(() -> null, () -> new RenderingBug("in publish")),
        new Throwing(
            () -> null,
            () -> new NoClassDefFoundError("io/prometheus/metrics/tracer/initializer/X")));
  }

  @Test
  void underLogASucceededJobSucceedsAndTheErrorIsLoggedWithItsClass() {
    for (Throwing backend : everyPath()) {
      Throwable expected = backend.inRendering.get();
      Throwable thrown = expected != null ? expected : backend.inPublish.get();
      try (LogCapture log = LogCapture.start()) {
        Outcome outcome = reporter(backend, ReportErrorPolicy.LOG).run(job, run -> {});

        assertThat(outcome).as(thrown.toString()).isEqualTo(Outcome.SUCCESS);
        assertThat(log.messages())
            .containsExactly("job 'nightly': report failed: " + thrown.toString());
        assertThat(log.records().get(0).getThrown()).isInstanceOf(thrown.getClass());
      }
    }
  }

  @Test
  void underThrowTheSameErrorsAreThrownUnchanged() {
    for (Throwing backend : everyPath()) {
      Throwable expected =
          backend.inRendering.get() != null ? backend.inRendering.get() : backend.inPublish.get();
      assertThatThrownBy(() -> reporter(backend, ReportErrorPolicy.THROW).run(job, run -> {}))
          .isInstanceOf(expected.getClass())
          .hasMessage(expected.getMessage());
    }
  }

  @Test
  void aFailedJobKeepsItsOwnExceptionWithTheReportErrorSuppressed() {
    for (ReportErrorPolicy policy : ReportErrorPolicy.values()) {
      Reporter r = reporter(new Throwing(() -> new RenderingBug("broken"), () -> null), policy);
      IllegalStateException own = new IllegalStateException("the job failed");
      assertThatThrownBy(
              () ->
                  r.run(
                      job,
                      run -> {
                        throw own;
                      }))
          .isSameAs(own);
      assertThat(own.getSuppressed()).singleElement().isInstanceOf(RenderingBug.class);
    }
  }

  @Test
  void theJvmsOwnFailuresAreNeverSwallowed() {
    Reporter r =
        reporter(
            new Throwing(() -> null, () -> new StackOverflowError("deep")), ReportErrorPolicy.LOG);
    assertThatThrownBy(() -> r.run(job, run -> {})).isInstanceOf(StackOverflowError.class);
  }

  @Test
  void aReportErrorUnderThrowCarriesTheLeftOutMetricsAsSuppressed() {
    Reporter r =
        reporter(
            new Throwing(() -> null, () -> new BackendBug("in publish")), ReportErrorPolicy.THROW);
    PrometheusRegistry theirs = new PrometheusRegistry();
    Gauge.builder().name("unhelpful").register(theirs).set(1);

    assertThatThrownBy(() -> r.run(job, run -> run.include(theirs)))
        .isInstanceOf(BackendBug.class)
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(
                        left ->
                            assertThat(left)
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining("'unhelpful': metric needs a help text")));
  }
}
