package dev.promjob.gateway;

/**
 * What the Pushgateway backend does with a declaration that is legal but likely a mistake: an
 * {@code instance} grouping label on a service-level job, or a grouping value that looks unbounded
 * (a timestamp, a UUID, a run counter: every run would leave a new group behind, forever).
 *
 * <pre>{@code
 * PushgatewayBackend.builder().url(url).instanceLabel(CheckMode.REFUSE).build();
 * }</pre>
 */
public enum CheckMode {
  /** The default: log a warning once per job and push. */
  WARN,
  /** Refuse the job when its run starts, with {@link IllegalArgumentException}. */
  REFUSE
}
