package dev.promjob;

/**
 * Whom a job's metrics belong to. Following the Prometheus guidance on pushing, this decides where
 * a report goes by default: metrics of a machine go through node_exporter, metrics of a whole
 * service through a Pushgateway. Configuration can move a job to the other backend.
 *
 * <pre>{@code
 * Job backup = Job.machineBound("etc_backup").build();          // -> textfile
 * Job billing = Job.serviceLevel("invoice_export").build();     // -> Pushgateway
 * }</pre>
 */
public enum Scope {
  /**
   * A job tied to one host, such as a cron job that backs up that host's files. Its metrics go into
   * a file read by that host's node_exporter textfile collector, so they carry the host's {@code
   * instance} label, and a dead host is seen as a dead host.
   */
  MACHINE_BOUND,

  /**
   * A batch job of the whole service, not of a host (it may run on any machine). Its metrics are
   * pushed to a Pushgateway without an {@code instance} label.
   */
  SERVICE_LEVEL
}
