package dev.promjob.spring;

import dev.promjob.Job;

/**
 * Spring Boot's own Pushgateway push and a promjob job share one Pushgateway group; {@link
 * BootPushgatewayClashFailureAnalyzer} words it at start.
 *
 * <pre>{@code
 * throw new BootPushgatewayClashException(boot, job, "promjob.backend=pushgateway");
 * }</pre>
 */
public final class BootPushgatewayClashException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Boot's push (a record of strings; serializable in effect, never serialized). */
  @SuppressWarnings("serial")
  private final BootPushgateway boot;

  /** The promjob job's name. */
  private final String jobName;

  /** What puts the promjob job on the Pushgateway. */
  private final String backendSetting;

  /**
   * @param boot Boot's push
   * @param job the promjob job in Boot's group
   * @param backendSetting what puts that job on the Pushgateway, {@code key=value}
   */
  public BootPushgatewayClashException(BootPushgateway boot, Job job, String backendSetting) {
    super(
        "'"
            + boot.group()
            + "': Spring Boot's Pushgateway push ("
            + boot.jobSetting()
            + ") and promjob job '"
            + job.name()
            + "' ("
            + backendSetting
            + ") share this Pushgateway group");
    this.boot = boot;
    this.jobName = job.name();
    this.backendSetting = backendSetting;
  }

  /** Boot's push. */
  public BootPushgateway boot() {
    return boot;
  }

  /** The promjob job's name. */
  public String jobName() {
    return jobName;
  }

  /** What puts the promjob job on the Pushgateway. */
  public String backendSetting() {
    return backendSetting;
  }
}
