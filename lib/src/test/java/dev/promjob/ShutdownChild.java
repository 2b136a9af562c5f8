package dev.promjob;

import io.prometheus.metrics.core.metrics.Gauge;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A job JVM that {@link ShutdownIT} cuts short. It first reports one success, then starts a second
 * run and, once it prints {@code READY}, either calls {@code System.exit(3)} inside the body
 * ({@code exit}) or sleeps until the parent sends SIGTERM ({@code sleep}). Configuration comes from
 * its environment ({@code PROMJOB_*}).
 */
public final class ShutdownChild {
  private ShutdownChild() {}

  public static void main(String[] args) throws Exception {
    Reporter reporter =
        Reporter.builder().textfileDirectory(Path.of(args[1])).config(Config.load()).build();
    Job job = Job.machineBound("cut_short").expectedInterval(Duration.ofHours(1)).build();
    reporter.run(
        job,
        run ->
            Gauge.builder().name("cut_short_items").help("Items.").register(run.registry()).set(1));
    reporter.run(
        job,
        run -> {
          Gauge.builder().name("cut_short_items").help("Items.").register(run.registry()).set(2);
          System.out.println("READY");
          System.out.flush();
          if (args[0].equals("exit")) {
            System.exit(3);
          }
          Thread.sleep(Long.MAX_VALUE);
        });
  }
}
