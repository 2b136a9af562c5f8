package dev.promjob.spi;

import dev.promjob.Job;
import dev.promjob.Report;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;

/**
 * Where reports go: node_exporter's textfile collector, a Pushgateway, later remote write. A
 * backend is a transport: lib renders the finished report ({@link Exposition}: the metrics, the
 * standard ones, the labels and the carried last success) and the backend delivers it, returns or
 * throws; it never reaches back into the run. Implementations must be thread-safe and must bound
 * every wait.
 *
 * <pre>{@code
 * Backend backend = TextfileBackend.builder().directory(Path.of("/var/lib/node-exporter")).build();
 * Reporter reporter = Reporter.builder().backend(Scope.MACHINE_BOUND, backend).build();
 * }</pre>
 */
public interface Backend {

  /** A short name used in configuration and messages, such as {@code textfile}. */
  String name();

  /**
   * Refuses, when a run starts, a job this backend cannot report faithfully (for example an {@code
   * instance} grouping label in a textfile).
   *
   * @throws IllegalArgumentException naming the value and the rule
   */
  default void check(Job job) {}

  /**
   * Refuses a metric name this backend's server owns: one it would overwrite with its own, or one
   * that would shadow the server's own metric. Called when a metric is registered on a run of a job
   * this backend serves (and again on every family at the end of the run), so the mistake shows
   * where it is made.
   *
   * @throws IllegalArgumentException {@code '<name>': <rule>}
   */
  default void checkMetricName(String name) {}

  /**
   * Where this backend keeps {@code job}'s metrics, for people: a file path, a group URL. Never
   * holds credentials.
   */
  String location(Job job);

  /**
   * The labels every series of the delivered text carries: by default the job's identity labels
   * ({@code job_name} and its grouping labels). A backend whose server adds the grouping labels
   * itself (the Pushgateway, from the group's URL) returns fewer.
   */
  default Labels labelsInText(Job job) {
    return job.identityLabels();
  }

  /**
   * Delivers one report, rendered by lib; see {@link Exposition} for the last success a backend
   * holds. On a failed run the previous last success must survive.
   *
   * @throws IOException naming the file or URL (never credentials), with the cause
   */
  void publish(Exposition exposition) throws IOException;

  /**
   * Renders {@code report} for this backend and publishes it: what {@link dev.promjob.Reporter}
   * calls at the end of a run.
   *
   * @throws IOException naming the file or URL (never credentials), with the cause
   */
  default void report(Report report) throws IOException {
    publish(Exposition.of(report, labelsInText(report.job())));
  }

  /**
   * Publishes that a run has started, before its body runs, for a job that {@link Job#marksStart()
   * marks its start}: {@link InProgressExposition#snapshots()} must become visible beside what the
   * backend holds for the job (its last success above all), and stay until the run's report (or the
   * next run's start) replaces them. A run that never reports leaves them: that is how a hung or
   * killed run is seen. Bounded like a report; a failure is logged and never fails the run. By
   * default nothing is published: a backend that cannot keep the other families meanwhile must not
   * try.
   *
   * @throws IOException naming the file or URL (never credentials), with the cause
   */
  default void publishStart(InProgressExposition start) throws IOException {}

  /**
   * Removes everything this backend holds for {@code job} (its lifecycle ended). Deleting what does
   * not exist is not an error.
   *
   * @throws IOException naming the file or URL (never credentials), with the cause
   */
  void delete(Job job) throws IOException;
}
