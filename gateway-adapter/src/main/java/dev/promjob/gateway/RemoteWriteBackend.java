package dev.promjob.gateway;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Carried;
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
 * metric but the last success: the receiver already holds the one it was sent. The consecutive
 * failures need the receiver's query API ({@link Builder#queryUrl}): a failed run reads the count
 * there, and without it none is sent. Nothing can be deleted: a receiver keeps what it was sent
 * until its retention ends, so {@link #delete} refuses. Since an instant query sees a series only
 * for the lookback window (5 minutes by default) after its last sample, alert on these jobs with
 * {@code max_over_time} over a window longer than twice the expected interval (the shipped rules
 * do). Several receivers (an HA pair) each get every write at once, as several Pushgateways do.
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

  private final List<URI> urls;
  private final List<String> shown;
  private final List<Transport> transports;
  private final List<String> authKinds;
  private final int minAccepted;
  private final RemoteWriteEncoder encoder;
  private final URI queryUrl;
  private final long halfDeadline;

  private RemoteWriteBackend(
      List<HttpEndpoint> endpoints, int minAccepted, RemoteWriteEncoder encoder, URI queryUrl) {
    this.urls = endpoints.stream().map(HttpEndpoint::url).toList();
    this.shown = urls.stream().map(HttpEndpoint::shown).toList();
    this.transports = endpoints.stream().map(e -> new Transport(e.http())).toList();
    this.authKinds = endpoints.stream().map(HttpEndpoint::authKind).toList();
    this.minAccepted = minAccepted;
    this.encoder = encoder;
    this.queryUrl = queryUrl;
    this.halfDeadline = endpoints.get(0).http().deadline().toNanos() / 2;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The (first) receiver's write URL, without credentials: its query's credentials, if any ({@code
   * u}, {@code p}, {@code token}...), as {@code ****}.
   */
  public URI url() {
    return URI.create(shown.get(0));
  }

  /** Every receiver's write URL, as {@link #url()} shows the first. */
  public List<URI> urls() {
    return shown.stream().map(URI::create).toList();
  }

  /** The receiver's URL and the job's selector, without credentials. */
  @Override
  public String location(Job job) {
    Objects.requireNonNull(job, "job must not be null");
    StringBuilder selector = new StringBuilder("{job=\"").append(job.name()).append('"');
    job.groupingLabels()
        .forEach((k, v) -> selector.append(',').append(k).append("=\"").append(v).append('"'));
    return String.join(", ", shown) + " " + selector.append('}');
  }

  @Override
  public void publish(Exposition exposition) throws IOException {
    Objects.requireNonNull(exposition, "exposition must not be null");
    long end = transports.get(0).deadlineFromNow();
    // The consecutive failures: a failed run reads them from the query API, within half the
    // deadline; without one, none are sent (a success's 0 would then stand for ever, wrongly).
    Carried held = Carried.nothing();
    if (queryUrl != null && exposition.outcome() == Outcome.FAILURE) {
      // Through the first receiver's credentials: one query API, as the key names one.
      held = ReceiverCount.read(transports.get(0), queryUrl, exposition.job(), end - halfDeadline);
    }
    List<TimeSeries> series = TimeSeries.of(exposition, held);
    if (queryUrl == null) {
      series.removeIf(ts -> ts.name().equals(BatchMetrics.CONSECUTIVE_FAILURES));
    }
    byte[] body = encoder.encode(series, exposition.report().end().toEpochMilli());
    send(body, end);
  }

  /**
   * The start's families, stamped with the run's start: the receiver keeps the series of the last
   * report as they are, and the report's samples, stamped with its end, say the run ended.
   */
  @Override
  public void publishStart(InProgressExposition start) throws IOException {
    List<TimeSeries> series = TimeSeries.of(start.job(), start.text());
    byte[] body = encoder.encode(series, start.inProgress().start().toEpochMilli());
    send(body, transports.get(0).deadlineFromNow());
  }

  /** A POST of {@code body} to every receiver at once, until {@code end}. */
  private void send(byte[] body, long end) throws IOException {
    Fanout.deliver(
        shown.stream().map(u -> "POST " + u).toList(),
        minAccepted,
        "remote-write receivers",
        end,
        i -> transports.get(i).sendUntil("POST", urls.get(i), body, encoder.headers(), end));
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
            + String.join(", ", shown)
            + " keeps them until its retention ends; stop reporting the job and instant queries"
            + " stop seeing it after the lookback window (5 minutes by default)");
  }

  @Override
  public String toString() {
    return HttpEndpoint.described("RemoteWriteBackend", shown, authKinds, minAccepted);
  }

  /**
   * Builds a {@link RemoteWriteBackend}; setters check their values at once. Values set here are
   * defaults that {@link #config(dev.promjob.Config)} overrides.
   */
  public static final class Builder extends HttpBackendBuilder<Builder> {
    private URI queryUrl;

    private Builder() {
      super("remote-write receiver", RemoteWriteKeys.HTTP, true);
    }

    /**
     * The receiver's Prometheus query API ({@value RemoteWriteKeys#QUERY_URL}), reached with the
     * same credentials, headers and TLS; a query of its own is kept ({@code ?tenant=}).
     */
    public Builder queryUrl(URI queryUrl) {
      Objects.requireNonNull(queryUrl, "query URL must not be null");
      String shown = HttpEndpoint.shown(queryUrl);
      String scheme = queryUrl.getScheme() == null ? "" : queryUrl.getScheme();
      if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")
          || queryUrl.getHost() == null
          || queryUrl.getRawFragment() != null
          || queryUrl.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "'"
                + shown
                + "': a query URL must be http(s)://host:port/path, without user info (the"
                + " remote_write credentials are used) or fragment");
      }
      this.queryUrl = queryUrl;
      return this;
    }

    /** Applies every {@code promjob.remote_write.*} key that is set: configuration wins. */
    @Override
    public Builder config(dev.promjob.Config config) {
      super.config(config);
      config.get(RemoteWriteKeys.QUERY_URL).ifPresent(u -> queryUrl(URI.create(u)));
      return this;
    }

    /**
     * @throws IllegalStateException if no URL was given in code or configuration
     */
    public RemoteWriteBackend build() {
      return new RemoteWriteBackend(
          http.buildAll("remote_write sends to a remote-write receiver"),
          http.minAccepted(),
          new WriteRequestV1(),
          queryUrl);
    }
  }
}
