package dev.promjob.gateway;

import dev.promjob.Job;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Reports service-level jobs to a Prometheus remote-write receiver (Prometheus with {@code
 * --web.enable-remote-write-receiver}, Mimir, Cortex, Thanos Receive, VictoriaMetrics, Grafana
 * Cloud, Amazon Managed Prometheus), one request per report, in Remote Write 1.0.
 *
 * <p>The series are those the other backends serve, with {@code job} set to the job's name (no
 * scrape adds it) and every sample stamped with the run's end. A failed run sends every standard
 * metric but the last success: the receiver already holds the one it was sent. Nothing can be
 * deleted: a receiver keeps what it was sent until its retention ends, so {@link #delete} refuses.
 * Since an instant query sees a series only for the lookback window (5 minutes by default) after
 * its last sample, alert on these jobs with {@code max_over_time} over a window longer than twice
 * the expected interval (the shipped rules do).
 *
 * <pre>{@code
 * RemoteWriteBackend rw = RemoteWriteBackend.builder()
 *     .url(URI.create("https://mimir.example/api/v1/push"))
 *     .header("X-Scope-OrgID", "batch")
 *     .build();
 * Reporter reporter = Reporter.builder().backend(Scope.SERVICE_LEVEL, rw).build();
 * }</pre>
 */
public final class RemoteWriteBackend implements Backend {
  static final String NAME = "remote_write";

  private final URI url;
  private final String shown;
  private final Transport transport;
  private final RemoteWriteEncoder encoder;
  private final String authKind;

  private RemoteWriteBackend(HttpEndpoint endpoint, RemoteWriteEncoder encoder) {
    this.url = endpoint.url();
    this.shown = HttpEndpoint.shown(url);
    this.transport = new Transport(endpoint.http());
    this.encoder = encoder;
    this.authKind = endpoint.authKind();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The receiver's write URL, without credentials: its query's credentials, if any ({@code u},
   * {@code p}, {@code token}...), as {@code ****}.
   */
  public URI url() {
    return URI.create(shown);
  }

  /** The receiver's URL and the job's selector, without credentials. */
  @Override
  public String location(Job job) {
    Objects.requireNonNull(job, "job must not be null");
    StringBuilder selector = new StringBuilder("{job=\"").append(job.name()).append('"');
    job.groupingLabels()
        .forEach((k, v) -> selector.append(',').append(k).append("=\"").append(v).append('"'));
    return shown + " " + selector.append('}');
  }

  @Override
  public void publish(Exposition exposition) throws IOException {
    Objects.requireNonNull(exposition, "exposition must not be null");
    List<TimeSeries> series = TimeSeries.of(exposition);
    byte[] body = encoder.encode(series, exposition.report().end().toEpochMilli());
    transport.sendWith("POST", url, body, encoder.headers());
  }

  /**
   * The start's families, stamped with the run's start: the receiver keeps the series of the last
   * report as they are, and the report's samples, stamped with its end, say the run ended.
   */
  @Override
  public void publishStart(InProgressExposition start) throws IOException {
    List<TimeSeries> series = TimeSeries.of(start.job(), start.text());
    byte[] body = encoder.encode(series, start.inProgress().start().toEpochMilli());
    transport.sendWith("POST", url, body, encoder.headers());
  }

  /**
   * Refuses: remote write has no delete. A receiver keeps the series until its retention ends; once
   * a job stops reporting, instant queries stop seeing it after the lookback window.
   *
   * @throws UnsupportedOperationException always, saying so
   */
  @Override
  public void delete(Job job) {
    throw new UnsupportedOperationException(
        "remote write cannot delete the series of job '"
            + job.name()
            + "': "
            + shown
            + " keeps them until its retention ends; stop reporting the job and instant queries"
            + " stop seeing it after the lookback window (5 minutes by default)");
  }

  @Override
  public String toString() {
    return "RemoteWriteBackend["
        + shown
        + (authKind == null ? "" : ", " + authKind + " auth")
        + "]";
  }

  /**
   * Builds a {@link RemoteWriteBackend}; setters check their values at once. Values set here are
   * defaults that {@link #config(dev.promjob.Config)} overrides.
   */
  public static final class Builder extends HttpBackendBuilder<Builder> {
    private Builder() {
      super("remote-write receiver", RemoteWriteKeys.HTTP, true);
    }

    /**
     * @throws IllegalStateException if no URL was given in code or configuration
     */
    public RemoteWriteBackend build() {
      return new RemoteWriteBackend(
          http.build("remote_write sends to a remote-write receiver"), new WriteRequestV1());
    }
  }
}
