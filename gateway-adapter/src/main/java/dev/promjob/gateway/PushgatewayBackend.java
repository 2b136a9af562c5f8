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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

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
 * <p>Several gateways ({@code .url(a, b)}, or {@code
 * promjob.pushgateway.url=http://a:9091,http://b:9091}) each get every report at once, within the
 * one deadline; it counts as delivered when {@link Builder#minAccepted} of them accepted it, and
 * the others are named. A failed run reads every gateway's group, and a gateway whose group lost
 * its last success (restarted without persistence) gets the newest another one holds (see {@link
 * HeldGroups}).
 *
 * <p>Normally it is found on the class path and configured with {@code promjob.pushgateway.*}.
 * Every request has a deadline; credentials travel only in headers and never appear in messages.
 */
public final class PushgatewayBackend implements Backend {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final List<URI> bases;
  private final List<Transport> transports;
  private final List<String> authKinds;
  private final int minAccepted;
  private final GroupRules rules;
  private final long halfDeadline;

  private PushgatewayBackend(
      List<HttpEndpoint> endpoints,
      int minAccepted,
      Enforcement instanceLabel,
      Enforcement unboundedGrouping) {
    this.bases = endpoints.stream().map(HttpEndpoint::url).toList();
    this.transports = endpoints.stream().map(e -> new Transport(e.http())).toList();
    this.authKinds = endpoints.stream().map(HttpEndpoint::authKind).toList();
    this.minAccepted = minAccepted;
    this.rules = new GroupRules(instanceLabel, unboundedGrouping);
    this.halfDeadline = endpoints.get(0).http().deadline().toNanos() / 2;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "pushgateway";
  }

  /** The (first) gateway's base URL, without credentials. */
  public URI url() {
    return bases.get(0);
  }

  /** Every gateway's base URL, without credentials, in the order given. */
  public List<URI> urls() {
    return bases;
  }

  /** The URL of {@code job}'s group on the (first) gateway. */
  public URI groupUrl(Job job) {
    return groupUrls(job).get(0);
  }

  /** The URL of {@code job}'s group on every gateway. */
  public List<URI> groupUrls(Job job) {
    String path = GroupingKey.path(Objects.requireNonNull(job, "job must not be null"));
    return bases.stream().map(b -> resolve(b, path)).toList();
  }

  /** The {@link #groupUrls(Job)}, without credentials, separated by commas. */
  @Override
  public String location(Job job) {
    return String.join(", ", groupUrls(job).stream().map(URI::toString).toList());
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
    // A failed run POSTs without a last success: the gateway replaces only the families it
    // receives, so the last success it holds stays exactly as it is, and an overlapping run's
    // newer success can never be undone by it. Only a gateway that lost it gets one (HeldGroups).
    boolean failed = exposition.outcome() == Outcome.FAILURE;
    long end = transports.get(0).deadlineFromNow();
    // The failures in a row are the one thing a failed run reads: half the deadline at most, and
    // a read that fails leaves the gateway's count as it is (see HeldCount).
    List<Carried> held =
        failed
            ? HeldGroups.read(transports, resolved("/metrics"), job, end - halfDeadline)
            : Collections.nCopies(bases.size(), Carried.nothing());
    Map<Carried, byte[]> bodies = new HashMap<>(); // one rendering per distinct carried state
    for (Carried c : held) {
      if (!bodies.containsKey(c)) {
        bodies.put(c, exposition.text(c));
      }
    }
    send(failed ? "POST" : "PUT", groupUrls(job), i -> bodies.get(held.get(i)), end);
  }

  /**
   * A POST of the start's families: the gateway replaces only those, so the group keeps its last
   * success and every other family while the job runs. The run's report replaces them in turn (a
   * success's PUT the whole group, a failure's POST these families, which it carries too).
   */
  @Override
  public void publishStart(InProgressExposition start) throws IOException {
    byte[] text = start.text();
    send("POST", groupUrls(start.job()), i -> text, transports.get(0).deadlineFromNow());
  }

  /**
   * Deletes the group on every gateway, whatever {@code min_accepted} says: a copy left on one that
   * was down would come back with it ({@link Fanout#deleteFromEach}).
   *
   * @throws IOException naming each gateway that did not delete it
   */
  @Override
  public void delete(Job job) throws IOException {
    List<URI> urls = groupUrls(job);
    long end = transports.get(0).deadlineFromNow();
    Fanout.deleteFromEach(
        urls.stream().map(u -> "DELETE " + HttpEndpoint.shown(u)).toList(),
        "Pushgateways",
        end,
        i -> transports.get(i).sendUntil("DELETE", urls.get(i), null, List.of(), end));
  }

  /**
   * {@code method} of a text body to each gateway's {@code urls}, all at once, until {@code end}.
   */
  private void send(String method, List<URI> urls, IntFunction<byte[]> body, long end)
      throws IOException {
    List<String> names = urls.stream().map(u -> method + " " + HttpEndpoint.shown(u)).toList();
    List<String> headers = List.of("Content-Type", CONTENT_TYPE);
    Fanout.deliver(
        names,
        minAccepted,
        "Pushgateways",
        end,
        i -> transports.get(i).sendUntil(method, urls.get(i), body.apply(i), headers, end));
  }

  private List<URI> resolved(String path) {
    return bases.stream().map(b -> resolve(b, path)).toList();
  }

  private static URI resolve(URI base, String path) {
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
    return HttpEndpoint.described("PushgatewayBackend", bases, authKinds, minAccepted);
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
          http.buildAll("service-level jobs push to a Pushgateway"),
          http.minAccepted(),
          instanceLabel,
          unboundedGrouping);
    }
  }
}
