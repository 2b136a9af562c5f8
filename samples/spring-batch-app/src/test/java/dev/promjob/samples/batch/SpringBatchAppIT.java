package dev.promjob.samples.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Pushgateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample application as its users run it, its own JVM with its own application.yml: a success
 * and a failed step reported to a textfile the real node_exporter serves (as nobody), then the same
 * through the {@code pushgateway} profile to the real Pushgateway. What the file and the group hold
 * is printed verbatim.
 */
class SpringBatchAppIT {
  static final Path LOGS = Path.of("target", "it-logs");
  static final String JOB = "job_name=\"invoice_export\"";

  static Path root;
  static Path textfiles;
  static Path bad;
  static NodeExporter nodeExporter;
  static Pushgateway pushgateway;

  record Exit(int code, String out) {}

  @BeforeAll
  static void start() throws IOException {
    root = NodeExporter.readableTempDirectory("promjob-batch-app-");
    textfiles = Files.createDirectory(root.resolve("textfile"));
    Files.setPosixFilePermissions(textfiles, PosixFilePermissions.fromString("rwxr-xr-x"));
    bad = Files.writeString(root.resolve("bad.csv"), "INV-1,acme,12.50\nINV-2,acme,not-a-number\n");
    nodeExporter = NodeExporter.start(textfiles, LOGS);
    pushgateway = Pushgateway.start(LOGS);
  }

  @AfterAll
  static void stop() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {pushgateway, nodeExporter}) {
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
  void aSuccessThenAFailedStepInTheTextfileNodeExporterServes() throws IOException {
    Exit ok = run("--promjob.textfile.dir=" + textfiles);
    assertThat(ok.code()).as(ok.out()).isZero();
    Path file = onlyFile();
    String afterSuccess = Files.readString(file);
    System.out.println("textfile after a success, " + file.getFileName() + ":\n" + afterSuccess);
    assertThat(afterSuccess).contains("promjob_last_run_success{" + JOB + "} 1");
    awaitScrape(s -> s.contains("promjob_last_run_success{" + JOB + "} 1"));
    String lastSuccess = line(afterSuccess, "promjob_last_success_timestamp_seconds");

    Exit failed = run("--promjob.textfile.dir=" + textfiles, "--invoices.file=file:" + bad);
    assertThat(failed.code()).as(failed.out()).isEqualTo(5); // Boot's exit code of a failed job
    String afterFailure = Files.readString(file);
    System.out.println("textfile after a failed step:\n" + afterFailure);
    awaitScrape(s -> s.contains("promjob_last_run_success{" + JOB + "} 0"));
    assertThat(line(afterFailure, "promjob_last_success_timestamp_seconds")).isEqualTo(lastSuccess);
  }

  @Test
  void theSameThroughThePushgatewayProfile() throws IOException {
    String url = "--promjob.pushgateway.url=" + pushgateway.url();
    Exit ok = run("--spring.profiles.active=pushgateway", url);
    assertThat(ok.code()).as(ok.out()).isZero();
    String afterSuccess = group();
    System.out.println("Pushgateway after a success:\n" + afterSuccess);
    assertThat(afterSuccess).contains("promjob_last_run_success{");
    String lastSuccess = line(afterSuccess, "promjob_last_success_timestamp_seconds");

    Exit failed = run("--spring.profiles.active=pushgateway", url, "--invoices.file=file:" + bad);
    assertThat(failed.code()).as(failed.out()).isEqualTo(5);
    String afterFailure = group();
    System.out.println("Pushgateway after a failed step:\n" + afterFailure);
    assertThat(line(afterFailure, "promjob_last_run_success")).endsWith(" 0");
    assertThat(line(afterFailure, "promjob_last_success_timestamp_seconds")).isEqualTo(lastSuccess);
  }

  /**
   * Copied into a Kubernetes CronJob, the application is service-level by Boot's platform detection
   * (as the README's "Scope" says) and pushes, with no profile: a textfile in the pod would vanish
   * with it.
   */
  @Test
  void onKubernetesWithoutAProfileTheRunIsPushed() throws IOException {
    Exit ok =
        run(
            Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT", "443"),
            "--promjob.textfile.dir=" + textfiles,
            "--promjob.pushgateway.url=" + pushgateway.url(),
            "--promjob.batch.job.invoice_export.name=invoice_export_k8s");
    assertThat(ok.code()).as(ok.out()).isZero();
    assertThat(pushgateway.get("/metrics"))
        .contains("promjob_last_run_success{instance=\"\",job=\"invoice_export_k8s\"");
    assertThat(textfiles.resolve("invoice_export_k8s.prom")).doesNotExist();
  }

  static Exit run(String... args) throws IOException {
    return run(Map.of(), args);
  }

  /** The application, its own JVM, as {@code java -cp ... InvoiceExportApplication args}. */
  static Exit run(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            InvoiceExportApplication.class.getName()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(root, "out-", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMJOB_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the sample did not end within 180 s:\n" + Files.readString(out));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Exit(p.exitValue(), Files.readString(out));
  }

  static Path onlyFile() throws IOException {
    try (Stream<Path> s = Files.list(textfiles)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".prom")).toList();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }

  /** The group's promjob lines at the gateway, as it serves them. */
  static String group() throws IOException {
    return Arrays.stream(pushgateway.get("/metrics").split("\n"))
        .filter(l -> l.contains("job=\"invoice_export\"") && !l.startsWith("push_"))
        .collect(Collectors.joining("\n"));
  }

  static String line(String text, String family) {
    return Arrays.stream(text.split("\n"))
        .filter(l -> l.startsWith(family + "{"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(family + " not in\n" + text));
  }

  static String awaitScrape(Predicate<String> until) throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String last;
    do {
      last = nodeExporter.scrape();
      if (until.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("node_exporter still serves:\n" + last);
  }
}
