package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.internal.Log;
import dev.promjob.spi.Backend;
import dev.promjob.spi.InProgressExposition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

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
   * Delivers a report from which families were left out ({@code leftOut}: each one's refusal, see
   * {@link Run}), then names them under the same policy as a failed report: thrown as {@link
   * IllegalArgumentException} under {@code THROW} once the rest is delivered, logged under {@code
   * LOG}, added to the job's own exception if it failed.
   */
  void deliver(Backend backend, Report report, Throwable jobFailure, List<String> leftOut) {
    IllegalArgumentException left =
        leftOut.isEmpty()
            ? null
            : new IllegalArgumentException(
                "job '"
                    + Checks.printable(report.job().name())
                    + "': left out of its report, the rest delivered: "
                    + String.join("; ", leftOut));
    try {
      deliver(backend, report, jobFailure);
    } catch (RuntimeException | Error e) {
      if (left != null) {
        e.addSuppressed(left);
      }
      throw e;
    }
    if (left == null) {
      return;
    }
    if (jobFailure != null) {
      jobFailure.addSuppressed(left);
    } else if (policy == ReportErrorPolicy.THROW) {
      throw left;
    }
    Log.log(Level.ERROR, left.getMessage());
  }

  /**
   * Delivers a finished run's report under the error policy. A report that fails while the job
   * itself failed never hides the job's exception: it is added to it as suppressed. Under {@code
   * LOG} nothing a backend or the rendering throws fails a job that succeeded, an unexpected
   * exception (a backend's bug, a class missing from the class path) included: monitoring must not
   * fail the work it watches. Only the JVM's own failures ({@link VirtualMachineError}) pass.
   */
  private void deliver(Backend backend, Report report, Throwable jobFailure) {
    try {
      backend.report(report);
    } catch (IOException e) {
      failed(report, jobFailure, e, e.getMessage());
      if (policy == ReportErrorPolicy.THROW && jobFailure == null) {
        throw new UncheckedIOException(message(report, e.getMessage()), e);
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      failed(report, jobFailure, e, e.toString());
      if (policy == ReportErrorPolicy.THROW && jobFailure == null) {
        throw e;
      }
    }
  }

  /**
   * Publishes that a run has started. Never fails the run, whatever the policy: the job has not
   * done its work yet, and a start that cannot be shown costs the alert on a hung run only, while
   * the report still comes. It waits at most what the backend bounds each report by (its deadline,
   * the textfile's lock timeout), and a failure is logged once, as a warning of one message (the
   * URL or file and the reason): no stack trace in every cron mail.
   */
  void deliverStart(Backend backend, InProgress started) {
    try {
      backend.publishStart(InProgressExposition.of(started, backend.labelsInText(started.job())));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (IOException | RuntimeException | Error e) {
      Log.log(
          Level.WARNING,
          "job '"
              + Checks.printable(started.job().name())
              + "': its start could not be published, the run goes on: "
              + (e instanceof IOException ? e.getMessage() : e.toString()));
    }
  }

  /** Adds the report's failure to the job's, and logs it unless it is about to be thrown. */
  private void failed(Report report, Throwable jobFailure, Throwable e, String what) {
    if (jobFailure != null) {
      jobFailure.addSuppressed(e);
    } else if (policy == ReportErrorPolicy.THROW) {
      return; // the caller throws it
    }
    Log.log(Level.ERROR, message(report, what), e);
  }

  private static String message(Report report, String what) {
    return "job '" + Checks.printable(report.job().name()) + "': report failed: " + what;
  }
}
