package dev.promjob.samples.bench;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import java.nio.file.Path;
import java.util.Map;

/**
 * promjob's rows in the shared peers harness ({@code ../shared/peers}): one whole process that
 * reports the peers' workload, N {@code bench_value} series plus a counter and a histogram, as a
 * job named {@code bench}. The peers' own {@code job_duration_seconds} and {@code
 * job_last_success_timestamp_seconds} are promjob's standard metrics here.
 *
 * <pre>{@code
 * PeerRun textfile N OUTDIR   writes OUTDIR/bench.prom
 * PeerRun push N URL          pushes to URL/metrics/job/bench
 * }</pre>
 */
public final class PeerRun {
  static final double[] BATCH_OBS = {0.003, 0.02, 0.3, 1.7, 42.0};

  private PeerRun() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: PeerRun textfile N OUTDIR | PeerRun push N URL");
      System.exit(2);
    }
    int n = Integer.parseInt(args[1]);
    boolean push = args[0].equals("push");
    Reporter reporter =
        Reporter.builder()
            .textfileDirectory(push ? Path.of(".") : Path.of(args[2]))
            .config(
                push ? Config.of(Map.of("promjob.pushgateway.url", args[2])) : Config.of(Map.of()))
            .reportErrors(ReportErrorPolicy.THROW)
            .build();
    Job job = push ? Job.serviceLevel("bench").build() : Job.machineBound("bench").build();
    reporter.run(
        job,
        run -> {
          Gauge g =
              Gauge.builder()
                  .name("bench_value")
                  .help("Benchmark value per shard.")
                  .labelNames("shard")
                  .register(run.registry());
          for (int i = 0; i < n; i++) {
            g.labelValues(Integer.toString(i)).set(i * 1.5);
          }
          Counter.builder()
              .name("records_processed_total")
              .help("Records processed by the job.")
              .register(run.registry())
              .inc(n);
          Histogram h =
              Histogram.builder()
                  .name("batch_size")
                  .help("Size of processed batches.")
                  .register(run.registry());
          for (double v : BATCH_OBS) {
            h.observe(v);
          }
        });
  }
}
