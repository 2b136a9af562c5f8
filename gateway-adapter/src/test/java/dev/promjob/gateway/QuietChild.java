package dev.promjob.gateway;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import io.prometheus.metrics.core.metrics.Gauge;

/**
 * One successful service-level run pushed to the gateway {@code args[0]} and one machine-bound run
 * written to {@code args[1]}, as a cron job would: {@link QuietStartIT} reads which classes this
 * JVM loaded.
 */
public final class QuietChild {
  private QuietChild() {}

  public static void main(String[] args) throws Exception {
    Reporter reporter =
        Reporter.builder()
            .config(
                Config.of(
                    java.util.Map.of(PushgatewayKeys.URL, args[0], Config.TEXTFILE_DIR, args[1])))
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    reporter.run(
        Job.serviceLevel("quiet_export").build(),
        run -> Gauge.builder().name("quiet_rows").help("Rows.").register(run.registry()).set(3));
    reporter.run(
        Job.machineBound("quiet_audit").build(),
        run -> Gauge.builder().name("quiet_files").help("Files.").register(run.registry()).set(4));
    System.out.println("OK");
  }
}
