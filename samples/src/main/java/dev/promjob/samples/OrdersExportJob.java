package dev.promjob.samples;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import io.prometheus.metrics.core.metrics.Gauge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A service-level batch job: it exports the EU orders wherever it happens to run (a Kubernetes
 * CronJob, any host of a pool), so its metrics belong to the service, not to a host. They are
 * pushed to the Pushgateway group {@code /metrics/job/orders_export/region/eu}, which each run
 * replaces whole.
 *
 * <p>It needs the {@code promjob-gateway-adapter} artifact on the class path and a gateway URL:
 *
 * <pre>{@code
 * PROMJOB_PUSHGATEWAY_URL=http://127.0.0.1:9091 mvn -q -pl samples -am -DskipTests package \
 *     exec:java -Dsample=dev.promjob.samples.OrdersExportJob [-Dexec.args=orders.csv]
 * }</pre>
 *
 * <p>Without an argument it reads the bundled {@code orders.csv}. A malformed line fails the run:
 * the push then says {@code promjob_last_run_success 0} and keeps the last success timestamp.
 */
public final class OrdersExportJob {
  static final Job JOB =
      Job.serviceLevel("orders_export")
          .groupingLabel("region", "eu") // a stable value: one group per region, forever
          .expectedInterval(Duration.ofHours(1))
          .build();

  private OrdersExportJob() {}

  public static void main(String[] args) throws IOException {
    URL orders =
        args.length > 0
            ? Path.of(args[0]).toUri().toURL()
            : OrdersExportJob.class.getResource("orders.csv");
    Reporter reporter =
        Reporter.builder().reportErrors(ReportErrorPolicy.THROW).config(Config.load()).build();
    String where = reporter.backendFor(JOB).location(JOB);
    try {
      long exported = run(reporter, orders);
      System.out.println(
          "promjob reported " + JOB.name() + " (" + exported + " orders) to " + where);
    } catch (IOException | RuntimeException e) {
      System.err.println("orders_export failed, and reported the failure to " + where + ": " + e);
      System.exit(1);
    }
  }

  /** One run of the job; returns the number of orders exported. */
  static long run(Reporter reporter, URL orders) throws IOException {
    long[] exported = {0};
    reporter.run(
        JOB,
        run -> {
          Gauge count =
              Gauge.builder()
                  .name("orders_export_orders")
                  .help("Orders exported by the last run.")
                  .register(run.registry());
          Gauge value =
              Gauge.builder()
                  .name("orders_export_value_euros")
                  .help("Total value of the orders exported by the last run.")
                  .register(run.registry());
          BigDecimal total = BigDecimal.ZERO;
          try (BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(orders.openStream(), StandardCharsets.UTF_8))) {
            in.readLine(); // header: order_id,amount_euros
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
              lineNumber++;
              String[] fields = line.split(",", -1);
              if (fields.length != 2 || !fields[1].matches("\\d+(\\.\\d{1,2})?")) {
                throw new IllegalArgumentException(
                    orders + ":" + lineNumber + ": '" + line + "': expected order_id,amount_euros");
              }
              total = total.add(new BigDecimal(fields[1]));
              exported[0]++;
            }
          }
          count.set(exported[0]);
          value.set(total.doubleValue());
        });
    return exported[0];
  }
}
