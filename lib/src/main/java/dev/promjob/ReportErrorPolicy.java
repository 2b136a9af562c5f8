package dev.promjob;

/**
 * What a run does when its report cannot be delivered (a full disk, a refused write). Invalid input
 * is never subject to this policy: it is refused with an {@link IllegalArgumentException} when it
 * is given.
 *
 * <pre>{@code
 * Reporter reporter = Reporter.builder().reportErrors(ReportErrorPolicy.THROW).build();
 * }</pre>
 *
 * <p>Either way, a report error never hides the job's own exception: it is added to it as a
 * suppressed exception.
 */
public enum ReportErrorPolicy {
  /**
   * The default: log the error (logger {@code dev.promjob}, level ERROR) and let the job carry on.
   * Monitoring should not fail the work it watches; the missing report shows up as a stale {@value
   * BatchMetrics#LAST_SUCCESS} and fires the freshness alert.
   */
  LOG,

  /** Throw {@link java.io.UncheckedIOException} from the call that finished the run. */
  THROW
}
