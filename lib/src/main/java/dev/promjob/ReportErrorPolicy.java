package dev.promjob;

/**
 * What a run does when its report cannot be delivered (a full disk, a refused write, a backend's
 * own bug), or when user metrics found unacceptable only as the run ends were left out of it (the
 * rest is delivered either way). Invalid input given through the API is never subject to this
 * policy: it is refused with an {@link IllegalArgumentException} when it is given.
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
   * The default: log the error (logger {@code dev.promjob}, level ERROR) and let the job carry on,
   * whatever the backend threw (only the JVM's own {@link VirtualMachineError} passes). Monitoring
   * should not fail the work it watches; the missing report shows up as a stale {@value
   * BatchMetrics#LAST_SUCCESS} and fires the freshness alert.
   */
  LOG,

  /**
   * Throw from the call that finished the run: {@link java.io.UncheckedIOException} when the
   * backend failed with I/O, its unchecked exception as it is, or {@link IllegalArgumentException}
   * naming the metrics left out, after the rest was delivered.
   */
  THROW
}
