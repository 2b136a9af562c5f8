package dev.promjob.samples;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import io.prometheus.metrics.core.metrics.Gauge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A job moved between backends by configuration alone. It verifies a backup directory against its
 * {@code SHA256SUMS} manifest (as written by {@code sha256sum}). It is declared machine-bound,
 * since the backups live on the host that runs it, so by default it writes a textfile for
 * node_exporter. When the verification moves off the host (a Kubernetes CronJob reading the backups
 * from object storage), one setting sends the same job to the Pushgateway, with no code change:
 *
 * <pre>{@code
 * # samples/config/backup-verify-pushgateway.properties
 * promjob.job.backup_verify.backend=pushgateway
 * promjob.pushgateway.url=http://127.0.0.1:9091
 *
 * PROMJOB_CONFIG=samples/config/backup-verify-pushgateway.properties mvn -q -pl samples -am \
 *     -DskipTests package exec:java -Dsample=dev.promjob.samples.BackupVerifyJob -Dexec.args=/srv/backups
 * }</pre>
 *
 * <p>(or {@code PROMJOB_JOB_BACKUP_VERIFY_BACKEND=pushgateway}). Both backends export the same
 * series, so the same freshness alert keeps working. After a move, delete the copy the old backend
 * still holds ({@code reporter.backendNamed("textfile").delete(job)}), or its freshness alert
 * fires. A missing or corrupt file fails the run, after counting it.
 */
public final class BackupVerifyJob {
  static final Job JOB =
      Job.machineBound("backup_verify")
          .groupingLabel("backup_set", "nightly")
          .expectedInterval(Duration.ofDays(1))
          .build();

  private BackupVerifyJob() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: BackupVerifyJob <directory holding SHA256SUMS>");
      System.exit(2);
    }
    Reporter reporter =
        Reporter.builder().reportErrors(ReportErrorPolicy.THROW).config(Config.load()).build();
    String where = reporter.backendFor(JOB).location(JOB);
    try {
      run(reporter, Path.of(args[0]));
      System.out.println("promjob reported " + JOB.name() + " to " + where);
    } catch (IOException | RuntimeException e) {
      System.err.println("backup_verify failed, and reported the failure to " + where + ": " + e);
      System.exit(1);
    }
  }

  /** One run of the job. */
  static void run(Reporter reporter, Path backups) throws IOException {
    reporter.run(
        JOB,
        run -> {
          Gauge files =
              Gauge.builder()
                  .name("backup_verify_files")
                  .help("Files checked by the last run, by result.")
                  .labelNames("result")
                  .register(run.registry());
          Gauge bytes =
              Gauge.builder()
                  .name("backup_verify_bytes")
                  .help("Bytes read and hashed by the last run.")
                  .register(run.registry());
          List<String> bad = new ArrayList<>();
          long good = 0;
          long read = 0;
          for (String line : Files.readAllLines(backups.resolve("SHA256SUMS"))) {
            // sha256sum's format: 64 hex digits, two characters (" " or " *"), the file name.
            if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
              throw new IllegalArgumentException("'" + line + "': not a sha256sum line");
            }
            Path file = backups.resolve(line.substring(66));
            if (!Files.isRegularFile(file)) {
              bad.add(line.substring(66) + " (missing)");
              continue;
            }
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
              read += in.transferTo(OutputStream.nullOutputStream());
            }
            if (HexFormat.of().formatHex(sha.digest()).equals(line.substring(0, 64))) {
              good++;
            } else {
              bad.add(line.substring(66) + " (checksum differs)");
            }
          }
          files.labelValues("ok").set(good);
          files.labelValues("bad").set(bad.size());
          bytes.set(read);
          if (!bad.isEmpty()) {
            throw new IllegalStateException(
                bad.size() + " backup files failed verification: " + bad);
          }
        });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
