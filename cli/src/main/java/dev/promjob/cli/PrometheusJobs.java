package dev.promjob.cli;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The jobs of a fleet, from Prometheus' query API (or any server that speaks it: VictoriaMetrics,
 * Thanos, Mimir), on every backend at once. Instant queries with the windowed forms the shipped
 * rules use, so that a remote-written job, whose series have a sample only when a run reports, is
 * seen between runs: each family's last value of 40 days. A series not there now is judged as
 * {@code PromjobJobMetricsVanished} judges it: gone when seen in the last day and not within twice
 * its interval or before its deadline; left out when a series of the same job (job and instance
 * ignored) is there now, as the job was moved. The run in progress and the consecutive failures are
 * judged as {@code PromjobJobRunningTooLong} and {@code PromjobJobFailedRepeatedly} judge them: by
 * their present series when there are some, else by their last of 40 days. A job pushed to several
 * Pushgateways is one row, its copies read as one as the rules read them ({@link GatewayCopies}).
 *
 * <pre>{@code
 * List<JobReport> jobs = PrometheusJobs.of("http://user:secret@prometheus:9090").read(Instant.now());
 * }</pre>
 */
final class PrometheusJobs {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final URI base;
  private final Optional<String> authorization;
  private final String shown;

  private PrometheusJobs(URI base, Optional<String> authorization, String shown) {
    this.base = base;
    this.authorization = authorization;
    this.shown = shown;
  }

  /**
   * @param url {@code http(s)://[user:password@]host:port[/prefix]}; user info becomes basic auth
   *     and is never printed
   * @throws UsageException when it is no such URL
   */
  static PrometheusJobs of(String url) {
    String shown = Config.shown("", url);
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new UsageException(
          Messages.quoted(shown) + ": --prometheus needs a URL: " + e.getReason());
    }
    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
      throw new UsageException(
          Messages.quoted(shown) + ": --prometheus needs an http:// or https:// URL with a host");
    }
    Optional<String> auth = Optional.empty();
    if (u.getRawUserInfo() != null) {
      String userInfo = URLDecoder.decode(u.getRawUserInfo(), StandardCharsets.UTF_8);
      auth =
          Optional.of(
              "Basic "
                  + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    URI base = URI.create(u.getScheme() + "://" + u.getRawAuthority().replaceAll(".*@", "") + path);
    return new PrometheusJobs(base, auth, shown);
  }

  /** The URL as it may be printed: without its password. */
  String shownUrl() {
    return shown;
  }

  /** Every job Prometheus has seen in 40 days, judged at {@code now}. */
  List<JobReport> read(Instant now) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    Map<String, Map<Map<String, String>, Double>> byFamily = new HashMap<>();
    for (String family : JobReport.FAMILIES) {
      // the earliest first-success deadline seen is a never-succeeded job's (the rule's min)
      String fn =
          family.equals(BatchMetrics.FIRST_SUCCESS_DEADLINE) ? "min_over_time" : "last_over_time";
      byFamily.put(family, query(http, fn + "(" + family + "[40d])", now));
    }
    Map<String, Map<Map<String, String>, Double>> instant = new HashMap<>();
    for (String family : JobReport.JUDGED_NOW_BY.keySet()) {
      instant.put(family, query(http, family, now));
    }
    Set<Map<String, String>> present = query(http, BatchMetrics.LAST_COMPLETION, now).keySet();
    Set<Map<String, String>> seenToday =
        query(http, "last_over_time(" + BatchMetrics.LAST_COMPLETION + "[1d])", now).keySet();
    Set<Map<String, String>> presentJobs = new HashSet<>();
    present.forEach(labels -> presentJobs.add(withoutTarget(labels)));
    // a first run in progress (or hung) has no completion yet: its marker makes it a row
    Set<Map<String, String>> rows = new LinkedHashSet<>();
    rows.addAll(byFamily.get(BatchMetrics.LAST_COMPLETION).keySet());
    rows.addAll(byFamily.get(BatchMetrics.RUNS_IN_PROGRESS).keySet());
    // a job's copies on several gateways (one each), by the labels of its row
    Map<Map<String, String>, List<Map<String, Double>>> copies = new LinkedHashMap<>();
    Set<Map<String, String>> jobsSeenNow = new HashSet<>();
    Set<Map<String, String>> jobsSeenToday = new HashSet<>();
    for (Map<String, String> labels : rows) {
      boolean seenNow = present.contains(labels);
      if (!seenNow && presentJobs.contains(withoutTarget(labels))) {
        continue; // moved to another target or backend, or gone from one gateway: judged where it
        // is
      }
      Map<String, Double> values = new HashMap<>();
      byFamily.forEach(
          (family, series) -> {
            Double v = judgedValue(family, labels, series, instant);
            if (v != null) {
              values.put(family, v);
            }
          });
      Map<String, String> job = GatewayCopies.withoutGateway(labels);
      copies.computeIfAbsent(job, k -> new ArrayList<>()).add(values);
      if (seenNow) {
        jobsSeenNow.add(job);
      }
      if (seenToday.contains(labels)) {
        jobsSeenToday.add(job);
      }
    }
    List<JobReport> jobs = new ArrayList<>();
    copies.forEach(
        (job, values) -> {
          Map<String, Double> v = GatewayCopies.merge(values, now);
          boolean gone =
              !jobsSeenNow.contains(job) && jobsSeenToday.contains(job) && !expectedAbsent(v, now);
          jobs.add(JobReport.of(job, v, shown, gone));
        });
    return jobs;
  }

  /**
   * A family's value as the rules judge it: its last of 40 days, but for the families present
   * series judge first ({@link JobReport#JUDGED_NOW_BY}): when the deciding family is there now for
   * these labels, its present value (none when absent now: a maximum runtime no longer declared);
   * when it is there now for the same job under another job, instance or gateway, none, as the
   * rule's {@code unless ignoring(job, instance, pushgateway)} drops the windowed form.
   */
  static Double judgedValue(
      String family,
      Map<String, String> labels,
      Map<Map<String, String>, Double> lastOf40Days,
      Map<String, Map<Map<String, String>, Double>> instant) {
    String decider = JobReport.JUDGED_NOW_BY.get(family);
    if (decider == null) {
      return lastOf40Days.get(labels);
    }
    Map<Map<String, String>, Double> decidingNow = instant.get(decider);
    if (decidingNow.containsKey(labels)) {
      return instant.get(family).get(labels);
    }
    Map<String, String> job = withoutTarget(labels);
    for (Map<String, String> other : decidingNow.keySet()) {
      if (withoutTarget(other).equals(job)) {
        return null;
      }
    }
    return lastOf40Days.get(labels);
  }

  /**
   * The exceptions of the vanished rule: a job between runs, within twice its interval of its last
   * run or before its deadline (a remote-written job is seen by instant queries only just after
   * each run).
   */
  static boolean expectedAbsent(Map<String, Double> v, Instant now) {
    double t = now.toEpochMilli() / 1000.0;
    Double completion = v.get(BatchMetrics.LAST_COMPLETION);
    Double interval = v.get(BatchMetrics.EXPECTED_INTERVAL);
    Double deadline = v.get(BatchMetrics.DEADLINE);
    Double first = v.get(BatchMetrics.FIRST_SUCCESS_DEADLINE);
    return completion != null && interval != null && t - completion < 2 * interval
        || deadline != null && t < deadline
        || first != null && t < first;
  }

  /** The job a series is of, wherever it is: without the target's labels and the gateway's. */
  private static Map<String, String> withoutTarget(Map<String, String> labels) {
    Map<String, String> m = new TreeMap<>(labels);
    m.remove("job");
    m.remove("instance");
    m.remove(GatewayCopies.LABEL);
    return m;
  }

  private Map<Map<String, String>, Double> query(HttpClient http, String promql, Instant now)
      throws IOException, InterruptedException {
    String seconds = String.format(java.util.Locale.ROOT, "%.3f", now.toEpochMilli() / 1000.0);
    URI uri =
        URI.create(
            base
                + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time="
                + seconds);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
    authorization.ifPresent(a -> req.header("Authorization", a));
    HttpResponse<String> r;
    try {
      r = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new IOException("cannot query " + Messages.quoted(shown) + ": connection refused", e);
    } catch (HttpTimeoutException e) {
      throw new IOException("cannot query " + Messages.quoted(shown) + ": no answer in time", e);
    } catch (IOException e) {
      throw new IOException("cannot query " + Messages.quoted(shown) + ": " + e, e);
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) { // its body is no JSON: say why
      throw new IOException(
          Messages.quoted(shown)
              + " answered "
              + r.statusCode()
              + ": the URL's user and password (user info, for basic auth) are refused or missing");
    }
    List<VectorJson.Sample> samples;
    try {
      samples = VectorJson.parse(r.body());
    } catch (VectorJson.NotAVector e) {
      throw new IOException(
          Messages.quoted(shown)
              + " answered "
              + r.statusCode()
              + " to "
              + promql
              + ": "
              + e.getMessage(),
          e);
    }
    Map<Map<String, String>, Double> out = new HashMap<>();
    for (VectorJson.Sample s : samples) {
      out.put(s.labels(), s.value());
    }
    return out;
  }
}
