package dev.promjob.spi;

import dev.promjob.BatchMetrics;
import dev.promjob.InProgress;
import dev.promjob.Job;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A run's start as lib renders it for one backend ({@link Backend#publishStart}): the families that
 * say which runs of the job are in progress ({@link BatchMetrics#inProgress}), with the labels the
 * backend's text carries, in the text exposition format 0.0.4.
 *
 * <pre>{@code
 * public void publishStart(InProgressExposition start) throws IOException {
 *   send("POST", start.text()); // POST keeps the group's other families, the last success too
 * }
 * }</pre>
 */
public final class InProgressExposition {
  private final InProgress inProgress;
  private final Labels labels;

  private InProgressExposition(InProgress inProgress, Labels labels) {
    this.inProgress = inProgress;
    this.labels = labels;
  }

  /** {@code inProgress} rendered with {@code labels} on every series. */
  public static InProgressExposition of(InProgress inProgress, Labels labels) {
    return new InProgressExposition(
        Objects.requireNonNull(inProgress, "inProgress must not be null"),
        Objects.requireNonNull(labels, "labels must not be null"));
  }

  /** The runs in progress as the process knows them; a backend that holds them recounts. */
  public InProgress inProgress() {
    return inProgress;
  }

  public Job job() {
    return inProgress.job();
  }

  /** The labels every series of the text carries. */
  public Labels labels() {
    return labels;
  }

  /** This start with what the backend counts in place of what the process knows. */
  public InProgressExposition with(InProgress counted) {
    return new InProgressExposition(Objects.requireNonNull(counted, "counted"), labels);
  }

  /** The families, without labels. */
  public MetricSnapshots snapshots() {
    return new MetricSnapshots(BatchMetrics.inProgress(inProgress));
  }

  /** Writes the text to {@code out} (flushed, not closed). */
  public void writeText(OutputStream out) throws IOException {
    Exposition.write(out, snapshots(), labels);
  }

  /** The text as bytes; see {@link #writeText}. */
  public byte[] text() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    writeText(out);
    return out.toByteArray();
  }
}
