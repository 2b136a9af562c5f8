package dev.promjob.samples;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.spi.Backend;
import dev.promjob.textfile.TextfileBackend;
import io.prometheus.metrics.core.metrics.Gauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * A machine-bound cron job: it audits a directory of this host (read-only: it counts, it deletes
 * nothing) and reports through node_exporter's textfile collector, so its series carry the host's
 * {@code instance} label and vanish with the host.
 *
 * <p>Run it with {@code mvn -q -pl samples -am -DskipTests package exec:java} (optionally {@code
 * -Dexec.args=/some/dir}; the default is the JVM's temp directory). It writes into {@code
 * target/promjob-textfile} unless {@code PROMJOB_TEXTFILE_DIR} (or {@code -Dpromjob.textfile.dir})
 * names node_exporter's {@code --collector.textfile.directory}. A directory that cannot be read
 * makes the run fail: the report then says so, and keeps the last success timestamp.
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
    Path audited = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    Config config = Config.load();
    if (config.get(Config.TEXTFILE_DIR).isEmpty()) {
      Files.createDirectories(DEFAULT_DIR);
    }
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(DEFAULT_DIR) // code default; promjob.textfile.dir overrides it
            .reportErrors(ReportErrorPolicy.THROW) // a sample should show a failed write loudly
            .config(config)
            .build();
    run(reporter, audited);
    Backend backend = reporter.backendFor(JOB);
    if (backend instanceof TextfileBackend textfile) {
      Path file = textfile.fileOf(JOB).toAbsolutePath();
      System.out.println("promjob reported " + JOB.name() + " to " + file + ":");
      System.out.print(Files.readString(file));
    } else {
      System.out.println("promjob reported " + JOB.name() + " to " + backend.location(JOB));
    }
  }

  /** One run of the job. */
  static void run(Reporter reporter, Path audited) throws IOException {
    reporter.run(
        JOB,
        run -> {
          // Per-run values are gauges: each run replaces the last one's file.
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
  }
}
