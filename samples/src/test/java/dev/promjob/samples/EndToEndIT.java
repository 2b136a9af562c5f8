package dev.promjob.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.gateway.PushgatewayKeys;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Prometheus;
import dev.promjob.testing.Prometheus.Sample;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The samples, the shipped scrape config and the shipped alert rules, end to end: the real
 * node_exporter (as nobody), Pushgateway and Prometheus 2.42 on free loopback ports, the sample
 * jobs run as their own JVMs, and Prometheus' query API as the only judge. Intervals are 1 s; the
 * tests run in order because each changes what the next one sees.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final Duration ARRIVAL =
      Duration.ofSeconds(60); // the first scrape comes 6-8 s after start
  static final String LAST_SUCCESS = "promjob_last_success_timestamp_seconds";

  static Path root;
  static Path textfiles;
  static NodeExporter nodeExporter;
  static Pushgateway pushgateway;
  static Prometheus prometheus;
  static String nodeInstance;

  @BeforeAll
  static void start() throws IOException {
    // Under /tmp with 0755: node_exporter runs as nobody and must be able to list the directory.
    root = NodeExporter.readableTempDirectory("promjob-e2e-");
    textfiles = Files.createDirectory(root.resolve("textfile"));
    Files.setPosixFilePermissions(textfiles, PosixFilePermissions.fromString("rwxr-xr-x"));
    nodeExporter = NodeExporter.start(textfiles, LOGS);
    pushgateway = Pushgateway.start(LOGS);
    nodeInstance = "127.0.0.1:" + port(nodeExporter.url());

    Path conf = Files.createDirectory(root.resolve("prometheus"));
    Files.writeString(
        conf.resolve("prometheus.yml"),
        shippedConfig(port(nodeExporter.url()), port(pushgateway.url())));
    Files.copy(AlertRulesIT.RULES, conf.resolve("promjob-alerts.yml"));
    prometheus = Prometheus.start(conf.resolve("prometheus.yml"), root.resolve("tsdb"), LOGS);
  }

  /** The shipped prometheus.yml with the test's ports and 1 s intervals: nothing else changed. */
  static String shippedConfig(int nodePort, int gatewayPort) throws IOException {
    String shipped = Files.readString(AlertRulesIT.DIR.resolve("prometheus.yml"));
    String config = shipped;
    for (String[] r :
        new String[][] {
          {"'localhost:9100'", "'127.0.0.1:" + nodePort + "'"},
          {"'localhost:9091'", "'127.0.0.1:" + gatewayPort + "'"},
          {"scrape_interval: 15s", "scrape_interval: 1s"},
          {"evaluation_interval: 15s", "evaluation_interval: 1s"}
        }) {
      assertThat(config).as("the shipped prometheus.yml no longer holds " + r[0]).contains(r[0]);
      config = config.replace(r[0], r[1]);
    }
    return config;
  }

  @AfterAll
  static void stop() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, pushgateway, nodeExporter}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
    }
    if (root != null) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  @Order(1)
  void theSamplesSeriesArriveWithTheLabelsTheReadmePromises() throws IOException {
    Path audited = Files.createDirectory(root.resolve("audited"));
    Files.writeString(audited.resolve("fresh"), "12345");
    Path old = Files.writeString(audited.resolve("old"), "123");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    Files.createDirectory(audited.resolve("subdir"));
    Exit host =
        runSample(
            HostCronJob.class,
            Map.of("PROMJOB_TEXTFILE_DIR", textfiles.toString()),
            audited.toString());
    assertEquals(0, host.code(), host.toString());
    assertThat(host.out())
        .startsWith(
            "promjob reported tmp_audit to "
                + textfiles.resolve("tmp_audit@directory=tmp.prom")
                + ":\n# Written by promjob.");

    Exit orders =
        runSample(OrdersExportJob.class, Map.of("PROMJOB_PUSHGATEWAY_URL", pushgateway.url()));
    assertEquals(0, orders.code(), orders.toString());
    assertEquals(
        "promjob reported orders_export (3 orders) to "
            + pushgateway.url()
            + "/metrics/job/orders_export/region/eu\n",
        orders.out());

    Exit verify =
        runSample(
            BackupVerifyJob.class,
            Map.of("PROMJOB_TEXTFILE_DIR", textfiles.toString()),
            backups().toString());
    assertEquals(0, verify.code(), verify.toString());

    List<Sample> all = prometheus.await(LAST_SUCCESS, s -> s.size() == 3, ARRIVAL);
    print(LAST_SUCCESS, all);
    // Textfile path: node_exporter's target labels, the job's name in job_name.
    assertEquals(
        Map.of(
            "__name__",
            LAST_SUCCESS,
            "job",
            "node",
            "instance",
            nodeInstance,
            "job_name",
            "tmp_audit",
            "directory",
            "tmp"),
        only(all, "tmp_audit").labels());
    assertEquals(
        Map.of(
            "__name__",
            LAST_SUCCESS,
            "job",
            "node",
            "instance",
            nodeInstance,
            "job_name",
            "backup_verify",
            "backup_set",
            "nightly"),
        only(all, "backup_verify").labels());
    // Pushgateway path: job from the grouping key (honor_labels), no instance at all, the
    // gateway's address in the label that tells several gateways' copies apart.
    assertEquals(
        Map.of(
            "__name__",
            LAST_SUCCESS,
            "job",
            "orders_export",
            "job_name",
            "orders_export",
            "region",
            "eu",
            "pushgateway",
            "127.0.0.1:" + port(pushgateway.url())),
        only(all, "orders_export").labels());

    for (String q :
        List.of(
            "tmp_audit_files",
            "tmp_audit_bytes",
            "orders_export_orders",
            "orders_export_value_euros",
            "backup_verify_files",
            "backup_verify_bytes",
            "promjob_expected_interval_seconds",
            "promjob_last_run_success")) {
      print(q, prometheus.query(q));
    }
    assertEquals(1, value("tmp_audit_files{age=\"older_than_7d\"}"));
    assertEquals(1, value("tmp_audit_files{age=\"newer\"}"));
    assertEquals(8, value("tmp_audit_bytes"));
    assertEquals(3, value("orders_export_orders"));
    assertEquals(277.35, value("orders_export_value_euros"), 1e-9);
    assertEquals(2, value("backup_verify_files{result=\"ok\"}"));
    assertEquals(86400, value("promjob_expected_interval_seconds{job_name=\"tmp_audit\"}"));
    assertEquals(3600, value("promjob_expected_interval_seconds{job_name=\"orders_export\"}"));
    // Once every rule group has been evaluated on the arrived data, nothing fires or is pending
    // for healthy jobs (PromjobJobAbsent was pending for orders_export until it first reported).
    prometheus.awaitEvaluationAfter(java.time.Instant.now(), Duration.ofSeconds(15));
    prometheus.await("ALERTS", List::isEmpty, Duration.ofSeconds(15));
  }

  @Test
  @Order(2)
  void aFailedRunKeepsTheLastSuccessVisibleInPrometheus() throws IOException {
    double ordersSuccess = value(LAST_SUCCESS + "{job_name=\"orders_export\"}");
    double hostSuccess = value(LAST_SUCCESS + "{job_name=\"tmp_audit\"}");

    Path bad = Files.writeString(root.resolve("bad.csv"), "order_id,amount_euros\nB-1,12,50\n");
    Exit orders =
        runSample(
            OrdersExportJob.class,
            Map.of("PROMJOB_PUSHGATEWAY_URL", pushgateway.url()),
            bad.toString());
    assertEquals(1, orders.code(), orders.toString());
    assertThat(orders.err()).contains("'B-1,12,50': expected order_id,amount_euros");
    assertThat(orders.err())
        .contains(
            "reported the failure to "
                + pushgateway.url()
                + "/metrics/job/orders_export/region/eu");

    Exit host =
        runSample(
            HostCronJob.class,
            Map.of("PROMJOB_TEXTFILE_DIR", textfiles.toString()),
            root.resolve("no-such-dir").toString());
    assertNotEquals(0, host.code(), host.toString());
    assertThat(host.err()).contains("NoSuchFileException");

    List<Sample> failed =
        prometheus.await("promjob_last_run_success == 0", s -> s.size() == 2, ARRIVAL);
    print("promjob_last_run_success == 0", failed);
    print(LAST_SUCCESS, prometheus.query(LAST_SUCCESS));
    assertEquals(
        ordersSuccess,
        value(LAST_SUCCESS + "{job_name=\"orders_export\"}"),
        "kept on the Pushgateway path");
    assertEquals(
        hostSuccess, value(LAST_SUCCESS + "{job_name=\"tmp_audit\"}"), "kept on the textfile path");
    List<Sample> alerts =
        prometheus.await(
            "ALERTS{alertname=\"PromjobJobLastRunFailed\",alertstate=\"firing\"}",
            s -> s.size() == 2,
            ARRIVAL);
    print("ALERTS{alertname=\"PromjobJobLastRunFailed\"}", alerts);
  }

  @Test
  @Order(3)
  void movingAJobByConfigKeepsTheFreshnessRuleWorking() throws IOException {
    Path config = Path.of("config", "backup-verify-pushgateway.properties").toAbsolutePath();
    Exit moved =
        runSample(
            BackupVerifyJob.class,
            Map.of(
                "PROMJOB_CONFIG",
                config.toString(),
                "PROMJOB_PUSHGATEWAY_URL",
                pushgateway.url(),
                "PROMJOB_TEXTFILE_DIR",
                textfiles.toString()),
            backups().toString());
    assertEquals(0, moved.code(), moved.toString());
    assertEquals(
        "promjob reported backup_verify to "
            + pushgateway.url()
            + "/metrics/job/backup_verify/backup_set/nightly\n",
        moved.out());
    // What the sample's Javadoc says to do after a move: delete the old backend's copy.
    Reporter.builder()
        .textfileDirectory(textfiles)
        .build()
        .backendNamed(Reporter.TEXTFILE)
        .delete(BackupVerifyJob.JOB);

    List<Sample> now =
        prometheus.await(
            LAST_SUCCESS + "{job_name=\"backup_verify\"}",
            s -> s.size() == 1 && "backup_verify".equals(s.get(0).label("job")),
            ARRIVAL);
    print(LAST_SUCCESS + "{job_name=\"backup_verify\"}", now);

    // The shipped freshness expression, with bool so that it answers for fresh jobs too: a series
    // per job proves it matches last success and interval on both backends.
    String fresh = expr("PromjobJobNotSucceededInTime").replaceFirst(" > ", " > bool ");
    List<Sample> judged = prometheus.query(fresh);
    print(fresh, judged);
    assertEquals(
        List.of("backup_verify/backup_verify", "orders_export/orders_export", "tmp_audit/node"),
        judged.stream().map(s -> s.label("job_name") + "/" + s.label("job")).sorted().toList());
    assertTrue(judged.stream().allMatch(s -> s.value() == 0), "all fresh");
    assertEquals(
        List.of(),
        prometheus.query(expr("PromjobJobMetricsVanished")),
        "a move is not a disappearance");
  }

  @Test
  @Order(4)
  void theFreshnessAlertFiresOnBothBackends() throws IOException {
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(textfiles)
            .config(Config.of(Map.of(PushgatewayKeys.URL, pushgateway.url())))
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    Duration second = Duration.ofSeconds(1);
    reporter.run(Job.machineBound("e2e_probe").expectedInterval(second).build(), run -> {});
    reporter.run(Job.serviceLevel("e2e_probe").expectedInterval(second).build(), run -> {});

    String firing = "ALERTS{alertname=\"PromjobJobNotSucceededInTime\",alertstate=\"firing\"}";
    List<Sample> alerts = prometheus.await(firing, s -> s.size() == 2, ARRIVAL);
    print(firing, alerts);
    assertEquals(
        List.of("e2e_probe/e2e_probe", "e2e_probe/node"),
        alerts.stream().map(s -> s.label("job_name") + "/" + s.label("job")).sorted().toList());
  }

  /**
   * A scheduled job on the textfile path: its deadline reaches Prometheus as promjob computed it,
   * and the shipped rule fires once it has passed (the run is dated three days back).
   */
  @Test
  @Order(6)
  void aScheduledJobsMissedDeadlineFiresThroughNodeExporter() throws IOException {
    Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3));
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(textfiles)
            .clock(java.time.InstantSource.fixed(threeDaysAgo))
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    Job job =
        Job.machineBound("e2e_scheduled")
            .schedule("0 3 * * *", java.time.ZoneOffset.UTC, Duration.ofHours(1))
            .build();
    reporter.run(job, run -> {});
    double due =
        job.schedule()
                .orElseThrow()
                .deadlineAfter(threeDaysAgo.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .toEpochMilli()
            / 1000.0;
    String deadline = "promjob_deadline_timestamp_seconds{job_name=\"e2e_scheduled\"}";
    List<Sample> seen = prometheus.await(deadline, s -> s.size() == 1, ARRIVAL);
    print(deadline, seen);
    assertEquals(due, seen.get(0).value());
    assertEquals(nodeInstance, seen.get(0).label("instance"));
    String firing =
        "ALERTS{alertname=\"PromjobJobMissedSchedule\",alertstate=\"firing\","
            + "job_name=\"e2e_scheduled\"}";
    List<Sample> alerts = prometheus.await(firing, s -> s.size() == 1, ARRIVAL);
    print(firing, alerts);
    assertEquals("node", alerts.get(0).label("job"));
  }

  /**
   * The README's command: the service-level sample moves to remote write by environment alone, and
   * a receiving Prometheus (with the shipped rules) stores its series with job set to the job's
   * name and no instance, and fires the freshness alert on a remote-written job.
   */
  @Test
  @Order(5)
  void theServiceLevelSampleMovesToRemoteWriteByEnvironmentAlone() throws IOException {
    Path conf = Files.createDirectory(root.resolve("receiver"));
    Files.writeString(
        conf.resolve("prometheus.yml"),
        "global:\n  evaluation_interval: 1s\nrule_files:\n  - promjob-alerts.yml\n");
    Files.copy(AlertRulesIT.RULES, conf.resolve("promjob-alerts.yml"));
    try (Prometheus receiver =
        Prometheus.start(
            conf.resolve("prometheus.yml"),
            root.resolve("receiver-tsdb"),
            LOGS,
            "--web.enable-remote-write-receiver")) {
      Exit orders =
          runSample(
              OrdersExportJob.class,
              Map.of(
                  "PROMJOB_BACKEND",
                  "remote_write",
                  "PROMJOB_REMOTE_WRITE_URL",
                  receiver.remoteWriteUrl()));
      assertEquals(0, orders.code(), orders.toString());
      assertThat(orders.out())
          .isEqualTo(
              "promjob reported orders_export (3 orders) to "
                  + receiver.remoteWriteUrl()
                  + " {job=\"orders_export\",region=\"eu\"}\n");
      List<Sample> stored = receiver.await(LAST_SUCCESS, s -> s.size() == 1, ARRIVAL);
      print(LAST_SUCCESS, stored);
      assertEquals(
          Map.of(
              "__name__", LAST_SUCCESS,
              "job", "orders_export",
              "job_name", "orders_export",
              "region", "eu"),
          stored.get(0).labels());

      Reporter reporter =
          Reporter.builder()
              .config(
                  Config.of(
                      Map.of(
                          Config.BACKEND,
                          "remote_write",
                          dev.promjob.gateway.RemoteWriteKeys.URL,
                          receiver.remoteWriteUrl())))
              .reportErrors(ReportErrorPolicy.THROW)
              .build();
      reporter.run(
          Job.serviceLevel("e2e_rw_probe").expectedInterval(Duration.ofSeconds(1)).build(),
          run -> {});
      String firing =
          "ALERTS{alertname=\"PromjobJobNotSucceededInTime\",alertstate=\"firing\","
              + "job_name=\"e2e_rw_probe\"}";
      List<Sample> alerts = receiver.await(firing, s -> s.size() == 1, ARRIVAL);
      print(firing, alerts);
      assertEquals("e2e_rw_probe", alerts.get(0).label("job"));
    }
  }

  // ---- helpers ----

  record Exit(int code, String out, String err) {}

  /** Runs a sample's main in its own JVM, with no PROMJOB_* variable but {@code env}. */
  static Exit runSample(Class<?> main, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(root, "out-", ".txt");
    Path err = Files.createTempFile(root, "err-", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMJOB_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(main.getSimpleName() + " did not end within 60 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** A directory of two backup files and their SHA256SUMS, as sha256sum writes it. */
  static Path backups() throws IOException {
    Path dir = root.resolve("backups");
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Files.createDirectory(dir);
    StringBuilder sums = new StringBuilder();
    for (String name : List.of("etc.tar.gz", "home.tar.gz")) {
      byte[] content = ("contents of " + name).getBytes(StandardCharsets.UTF_8);
      Files.write(dir.resolve(name), content);
      sums.append(sha256(content)).append("  ").append(name).append('\n');
    }
    Files.writeString(dir.resolve("SHA256SUMS"), sums);
    return dir;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The expr of a shipped alert (single line, or a folded block of indented lines). */
  static String expr(String alert) throws IOException {
    List<String> lines = Files.readAllLines(AlertRulesIT.RULES);
    int i = lines.indexOf("      - alert: " + alert);
    assertTrue(i >= 0, alert);
    String line = lines.get(i + 1).trim();
    if (!line.equals("expr: >-")) {
      return line.substring("expr: ".length());
    }
    StringBuilder b = new StringBuilder();
    for (int j = i + 2; lines.get(j).startsWith("          "); j++) {
      b.append(b.length() == 0 ? "" : " ").append(lines.get(j).trim());
    }
    return b.toString();
  }

  static double value(String promql) throws IOException {
    List<Sample> r = prometheus.query(promql);
    assertEquals(1, r.size(), promql + " gave " + r);
    return r.get(0).value();
  }

  static Sample only(List<Sample> samples, String jobName) {
    List<Sample> m = samples.stream().filter(s -> jobName.equals(s.label("job_name"))).toList();
    assertEquals(1, m.size(), jobName + " in " + samples);
    return m.get(0);
  }

  /** The queried series, as the closing note of the e2e shows them. */
  static void print(String query, List<Sample> samples) {
    System.out.println("query: " + query);
    for (Sample s : samples) {
      Map<String, String> labels = new TreeMap<>(s.labels());
      String name = labels.remove("__name__");
      StringBuilder b = new StringBuilder("  ").append(name == null ? "" : name).append('{');
      labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
      if (!labels.isEmpty()) {
        b.setLength(b.length() - 1);
      }
      System.out.println(b.append("} ").append(s.value()));
    }
  }

  static int port(String url) {
    Matcher m = Pattern.compile(":(\\d+)$").matcher(url);
    assertTrue(m.find(), url);
    return Integer.parseInt(m.group(1));
  }

  /**
   * A library job's JVM SIGKILLed mid-body, as the OOM killer would: its start stays in its file,
   * and the shipped rule fires in Prometheus once the run is older than its 2 s maximum runtime.
   */
  @Test
  @Order(7)
  void aSigkilledRunPastItsMaxRuntimeFiresTheShippedRule() throws Exception {
    Path started = root.resolve("hung.started");
    Process child =
        new ProcessBuilder(
                dev.promjob.testing.JavaChild.command(
                    HungJobChild.class, false, textfiles.toString(), started.toString()))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("hung.log").toFile())
            .start();
    try {
      String running = "promjob_runs_in_progress{job_name=\"e2e_hung\"} == 1";
      print(running, prometheus.await(running, s -> s.size() == 1, ARRIVAL));
      assertTrue(Files.exists(started), "the body runs");
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no report
      assertTrue(child.waitFor(ARRIVAL.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(137, child.exitValue());
      String firing =
          "ALERTS{alertname=\"PromjobJobRunningTooLong\",alertstate=\"firing\","
              + "job_name=\"e2e_hung\"}";
      List<Sample> alerts = prometheus.await(firing, s -> s.size() == 1, ARRIVAL);
      print(firing, alerts);
      assertEquals(nodeInstance, alerts.get(0).label("instance"));
    } finally {
      child.destroyForcibly();
    }
  }
}
