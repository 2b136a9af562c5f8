package dev.promjob.spi;

import dev.promjob.BatchMetrics;
import dev.promjob.InProgress;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.internal.IdentityLabelsOutputStream;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A finished report as lib renders it for one backend, which only has to deliver it: the user's
 * metrics, the standard batch metrics with the last success carried forward, and the labels the
 * backend's text must carry on every series, in the text exposition format 0.0.4.
 *
 * <p>The one thing lib cannot know is the last success the backend already holds: a backend that
 * reads it (the textfile, under its lock) passes it to {@link #writeText}; lib then keeps it on a
 * failed run and never lets a success move it back. A backend whose server keeps it (the
 * Pushgateway's POST) passes nothing, and a failed run's text then has no last success. The count
 * of consecutive failures is carried the same way ({@link Carried}); the methods that take only a
 * last success carry no count, and a failed run's text then leaves it out.
 *
 * <pre>{@code
 * public void publish(Exposition exposition) throws IOException {
 *   byte[] body = exposition.text(OptionalDouble.empty()); // the server keeps the last success
 *   send(exposition.outcome() == Outcome.FAILURE ? "POST" : "PUT", body);
 * }
 * }</pre>
 */
public final class Exposition {
  /**
   * Made on first use, not at class load: a too old client_java then fails promjob's version check
   * first, and a job that never reports never loads the writer.
   */
  private static final class Writer {
    static final PrometheusTextFormatWriter INSTANCE =
        PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build();
  }

  private final Report report;
  private final Labels labels;

  private Exposition(Report report, Labels labels) {
    this.report = report;
    this.labels = labels;
  }

  /**
   * {@code report} rendered with {@code labels} on every series (what {@link
   * Backend#labelsInText(Job)} says for the job).
   */
  public static Exposition of(Report report, Labels labels) {
    return new Exposition(
        Objects.requireNonNull(report, "report must not be null"),
        Objects.requireNonNull(labels, "labels must not be null"));
  }

  /**
   * This exposition with the runs in progress a backend that holds them counted (the textfile,
   * under the job's lock) in place of what the process knew.
   */
  public Exposition with(InProgress counted) {
    return new Exposition(report.withInProgress(counted), labels);
  }

  /** The report as the run handed it over, for backends that encode it otherwise. */
  public Report report() {
    return report;
  }

  public Job job() {
    return report.job();
  }

  public Outcome outcome() {
    return report.outcome();
  }

  /** The labels every series of the text carries. */
  public Labels labels() {
    return labels;
  }

  /**
   * The metrics, standard ones included, with the last success the backend holds carried forward
   * (see {@link dev.promjob.BatchMetrics#of(Report, OptionalDouble)}); no labels added.
   */
  public MetricSnapshots snapshots(OptionalDouble held) {
    return snapshots(Carried.of(held, OptionalLong.empty()));
  }

  /**
   * The metrics, standard ones included, carrying on what the backend holds (see {@link
   * dev.promjob.BatchMetrics#of(Report, Carried)}); no labels added.
   */
  public MetricSnapshots snapshots(Carried held) {
    List<MetricSnapshot> all = new ArrayList<>(report.metrics().size() + 6);
    for (MetricSnapshot s : report.metrics()) {
      all.add(s);
    }
    all.addAll(BatchMetrics.of(report, held));
    return new MetricSnapshots(all);
  }

  /**
   * Writes the text to {@code out} (flushed, not closed). The labels go in as the text streams out:
   * no relabelled copy of every point is made.
   *
   * @param held the last success the backend holds for the job, or empty if it holds none or its
   *     server keeps it
   */
  public void writeText(OutputStream out, OptionalDouble held) throws IOException {
    writeText(out, Carried.of(held, OptionalLong.empty()));
  }

  /**
   * Writes the text to {@code out} (flushed, not closed), carrying on what the backend holds: its
   * last success and its count of consecutive failures.
   */
  public void writeText(OutputStream out, Carried held) throws IOException {
    write(out, snapshots(held), labels);
  }

  /**
   * As {@link #writeText(OutputStream, Carried)}, with the families named in {@code first} (by
   * their Prometheus names) written before the others and {@code between} after them: a backend
   * that reads a few families back (the textfile) then finds them at the start of the text.
   */
  public void writeText(OutputStream out, Carried held, Set<String> first, byte[] between)
      throws IOException {
    List<MetricSnapshot> before = new ArrayList<>(first.size());
    List<MetricSnapshot> after = new ArrayList<>(report.metrics().size() + 6);
    for (MetricSnapshot s : snapshots(held)) {
      (first.contains(s.getMetadata().getPrometheusName()) ? before : after).add(s);
    }
    write(out, new MetricSnapshots(before), labels);
    out.write(between);
    write(out, new MetricSnapshots(after), labels);
  }

  /** {@code snapshots} in the text format with {@code labels} on every series. */
  static void write(OutputStream out, MetricSnapshots snapshots, Labels labels) throws IOException {
    OutputStream labelled = new IdentityLabelsOutputStream(out, labels, snapshots);
    Writer.INSTANCE.write(labelled, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    labelled.flush();
  }

  /** The text as bytes; see {@link #writeText}. */
  public byte[] text(OptionalDouble held) throws IOException {
    return text(Carried.of(held, OptionalLong.empty()));
  }

  /** The text as bytes; see {@link #writeText(OutputStream, Carried)}. */
  public byte[] text(Carried held) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    writeText(out, held);
    return out.toByteArray();
  }
}
