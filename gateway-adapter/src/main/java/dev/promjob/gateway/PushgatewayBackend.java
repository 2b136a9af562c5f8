package dev.promjob.gateway;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Enforcement;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.spi.Backend;
import dev.promjob.spi.Carried;
import dev.promjob.spi.Exposition;
import dev.promjob.spi.InProgressExposition;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Reports service-level jobs to a Prometheus Pushgateway, one group per job and grouping labels.
 *
 * <p>A successful run replaces the group (PUT). A failed run adds to it (POST): its metrics and the
 * standard ones replace the families of the same names, and the last success timestamp the group
 * holds is left as it is, never read back and never sent again. Families that the failed run did
 * not set keep the values of the run before. The consecutive failures are the one value a failed
 * run reads, from the gateway's {@code /metrics} within half the deadline, to add one; if that read
 * fails they are left out and the gateway keeps its own. Retiring a job deletes its group.
 *
 * <pre>{@code
 * PushgatewayBackend pushgateway = PushgatewayBackend.builder()
 *     .url(URI.create("http://pushgateway:9091"))
 *     .basicAuth("batch", Files.readString(Path.of("/run/secrets/pg")).strip())
 *     .deadline(Duration.ofSeconds(20))
 *     .build();
 * Reporter reporter = Reporter.builder().backend(Scope.SERVICE_LEVEL, pushgateway).build();
 * }</pre>
 *
 * <p>Normally it is found on the class path and configured with {@code promjob.pushgateway.*}.
 * Every request has a deadline; credentials travel only in headers and never appear in messages.
 */
public final class PushgatewayBackend implements Backend {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final URI base;
  private final Transport transport;
  private final GroupRules rules;
  private final String authKind;
  private final long halfDeadline;

  private PushgatewayBackend(
      HttpEndpoint endpoint, Enforcement instanceLabel, Enforcement unboundedGrouping) {
    this.base = endpoint.url();
    this.transport = new Transport(endpoint.http());
    this.rules = new GroupRules(instanceLabel, unboundedGrouping);
    this.authKind = endpoint.authKind();
    this.halfDeadline = endpoint.http().deadline().toNanos() / 2;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "pushgateway";
  }

  /** The gateway's base URL, without credentials. */
  public URI url() {
    return base;
  }

  /** The URL of {@code job}'s group. */
  public URI groupUrl(Job job) {
    return resolve(GroupingKey.path(Objects.requireNonNull(job, "job must not be null")));
  }

  /** The {@link #groupUrl(Job)}, without credentials. */
  @Override
  public String location(Job job) {
    return groupUrl(job).toString();
  }

  /** Warns of, or refuses, an instance label and grouping values that look unbounded. */
  @Override
  public void check(Job job) {
    rules.check(job);
  }

  /** Refuses the families the gateway computes itself and would overwrite in silence. */
  @Override
  public void checkMetricName(String name) {
    GroupRules.checkMetricName(name);
  }

  /**
   * Only {@code job_name}: the gateway adds the grouping key, from the group's URL, to every
   * series.
   */
  @Override
  public Labels labelsInText(Job job) {
    return Labels.of(BatchMetrics.JOB_NAME_LABEL, job.name());
  }

  @Override
  public void publish(Exposition exposition) throws IOException {
    Objects.requireNonNull(exposition, "exposition must not be null");
    Job job = exposition.job();
    // Checked at registration already; again here for reports made outside a run.
    exposition
        .report()
        .metrics()
        .forEach(m -> checkMetricName(m.getMetadata().getPrometheusName()));
    URI group = groupUrl(job);
    // A failed run POSTs without a last success: the gateway replaces only the families it
    // receives, so the last success it holds stays exactly as it is. It is never read back: a
    // failed run reaches the gateway even when reading fails, and an overlapping run's newer
    // success can never be undone by it.
    boolean failed = exposition.outcome() == Outcome.FAILURE;
    long end = transport.deadlineFromNow();
    // The failures in a row are the one thing a failed run reads: half the deadline at most, and
    // a read that fails leaves the gateway's count as it is (see HeldCount).
    Carried held =
        failed
            ? HeldCount.read(transport, resolve("/metrics"), job, end - halfDeadline)
            : Carried.nothing();
    byte[] body = exposition.text(held);
    transport.sendUntil(
        failed ? "POST" : "PUT", group, body, java.util.List.of("Content-Type", CONTENT_TYPE), end);
  }

  /**
   * A POST of the start's families: the gateway replaces only those, so the group keeps its last
   * success and every other family while the job runs. The run's report replaces them in turn (a
   * success's PUT the whole group, a failure's POST these families, which it carries too).
   */
  @Override
  public void publishStart(InProgressExposition start) throws IOException {
    transport.send("POST", groupUrl(start.job()), start.text(), CONTENT_TYPE);
  }

  @Override
  public void delete(Job job) throws IOException {
    transport.send("DELETE", groupUrl(job), null, null);
  }

  private URI resolve(String path) {
    String p = base.getRawPath() == null ? "" : base.getRawPath();
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    try {
      return new URI(base.getScheme() + "://" + base.getRawAuthority() + p + path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + path + "': cannot form a Pushgateway URL", e);
    }
  }

  @Override
  public String toString() {
    return "PushgatewayBackend[" + base + (authKind == null ? "" : ", " + authKind + " auth") + "]";
  }

  /**
   * Builds a {@link PushgatewayBackend}; setters check their values at once. Values set here are
   * defaults that {@link #config(Config)} overrides.
   */
  public static final class Builder extends HttpBackendBuilder<Builder> {
    private Enforcement instanceLabel = Enforcement.WARN;
    private Enforcement unboundedGrouping = Enforcement.WARN;

    private Builder() {
      super("Pushgateway", PushgatewayKeys.HTTP, false);
    }

    /** What to do with an {@code instance} grouping label. Default WARN. */
    public Builder instanceLabel(Enforcement mode) {
      this.instanceLabel = Objects.requireNonNull(mode, "mode must not be null");
      return this;
    }

    /** What to do with a grouping value that looks unbounded. Default WARN. */
    public Builder unboundedGrouping(Enforcement mode) {
      this.unboundedGrouping = Objects.requireNonNull(mode, "mode must not be null");
      return this;
    }

    /** Applies every {@code promjob.pushgateway.*} key that is set: configuration wins. */
    @Override
    public Builder config(Config config) {
      super.config(config);
      config
          .oneOf(PushgatewayKeys.INSTANCE_LABEL, Enforcement.class)
          .ifPresent(m -> instanceLabel = m);
      config
          .oneOf(PushgatewayKeys.UNBOUNDED_GROUPING, Enforcement.class)
          .ifPresent(m -> unboundedGrouping = m);
      return this;
    }

    /**
     * @throws IllegalStateException if no URL was given in code or configuration
     */
    public PushgatewayBackend build() {
      return new PushgatewayBackend(
          http.build("service-level jobs push to a Pushgateway"), instanceLabel, unboundedGrouping);
    }
  }
}
