package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.internal.Log;
import dev.promjob.spi.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;

/**
 * How a run's report reaches its backend: the clock of its start and end, and the error policy
 * ({@link ReportErrorPolicy}) for a report that fails. A run holds one and never calls back into
 * its {@link Reporter}.
 */
final class Delivery {
  private final InstantSource clock;
  private final ReportErrorPolicy policy;

  Delivery(InstantSource clock, ReportErrorPolicy policy) {
    this.clock = clock;
    this.policy = policy;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Delivers a finished run's report under the error policy. A report that fails while the job
   * itself failed never hides the job's exception: it is added to it as suppressed.
   */
  void deliver(Backend backend, Report report, Throwable jobFailure) {
    try {
      backend.report(report);
    } catch (IOException e) {
      String message =
          "job '" + Checks.printable(report.job().name()) + "': report failed: " + e.getMessage();
      if (jobFailure != null) {
        jobFailure.addSuppressed(e);
      }
      if (policy == ReportErrorPolicy.THROW && jobFailure == null) {
        throw new UncheckedIOException(message, e);
      }
      Log.log(Level.ERROR, message, e);
    } catch (RuntimeException e) {
      if (jobFailure == null) {
        throw e;
      }
      jobFailure.addSuppressed(e);
    }
  }
}
