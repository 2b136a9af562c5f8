package dev.promjob.samples;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.textfile.TextfileBackend;
import io.prometheus.metrics.core.metrics.Gauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * A machine-bound cron job: it audits this host's temp directory (read-only: it counts, it deletes
 * nothing) and reports through node_exporter's textfile collector.
 *
 * <p>Run it with {@code mvn -q -pl samples -am -DskipTests package exec:java}. It writes into
 * {@code target/promjob-textfile} unless {@code PROMJOB_TEXTFILE_DIR} (or {@code
 * -Dpromjob.textfile.dir}) names node_exporter's {@code --collector.textfile.directory}.
 */
public final class HostCronJob {
  /** Where the sample writes when nothing is configured: a local directory, no server needed. */
  static final Path DEFAULT_DIR = Path.of("target", "promjob-textfile");

  static final Job JOB =
      Job.machineBound("tmp_audit")
          .groupingLabel("directory", "tmp")
          .expectedInterval(Duration.ofDays(1))
          .build();

  private HostCronJob() {}

  public static void main(String[] args) throws IOException {
    Config config = Config.load();
    if (config.get(Config.TEXTFILE_DIR).isEmpty()) {
      Files.createDirectories(DEFAULT_DIR);
    }
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(DEFAULT_DIR)
            .reportErrors(ReportErrorPolicy.THROW) // a sample should show a failed write loudly
            .config(config)
            .build();
    Path file = run(reporter, Path.of(System.getProperty("java.io.tmpdir")));
    System.out.println("promjob wrote " + file.toAbsolutePath() + ":");
    System.out.print(Files.readString(file));
  }

  /** One run of the job; returns the file node_exporter will read. */
  static Path run(Reporter reporter, Path audited) throws IOException {
    reporter.run(
        JOB,
        run -> {
          Gauge files =
              Gauge.builder()
                  .name("tmp_audit_files")
                  .help("Regular files found in the audited directory, by age.")
                  .labelNames("age")
                  .register(run.registry());
          Gauge bytes =
              Gauge.builder()
                  .name("tmp_audit_bytes")
                  .help("Total size of the regular files found in the audited directory.")
                  .register(run.registry());
          Instant weekAgo = Instant.now().minus(Duration.ofDays(7));
          long recent = 0;
          long old = 0;
          long size = 0;
          try (Stream<Path> entries = Files.list(audited)) {
            for (Path p : entries.toList()) {
              if (!Files.isRegularFile(p)) {
                continue;
              }
              try {
                size += Files.size(p);
                if (Files.getLastModifiedTime(p).toInstant().isBefore(weekAgo)) {
                  old++;
                } else {
                  recent++;
                }
              } catch (IOException vanished) {
                // A temp file may go while we look: skip it.
              }
            }
          }
          files.labelValues("older_than_7d").set(old);
          files.labelValues("newer").set(recent);
          bytes.set(size);
        });
    return ((TextfileBackend) reporter.backendFor(JOB)).fileOf(JOB);
  }
}
