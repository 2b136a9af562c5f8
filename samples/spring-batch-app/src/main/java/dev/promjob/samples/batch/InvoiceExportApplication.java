package dev.promjob.samples.batch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot batch application as a host's cron or a Kubernetes CronJob runs it: it starts, runs
 * its Spring Batch job {@code invoice_export} once, and exits with the job's outcome (0, or 5 for a
 * failed job, as Boot exits). promjob's starter reports the run with no code here; where to is in
 * {@code application.yml} (a textfile by default, profiles {@code pushgateway} and {@code
 * remote-write}):
 *
 * <pre>{@code
 * mvn -q -pl samples/spring-batch-app -am -DskipTests package exec:java \
 *     -Dexec.args="--promjob.textfile.dir=/var/lib/prometheus/node-exporter"
 * mvn -q -pl samples/spring-batch-app -am -DskipTests package exec:java \
 *     -Dexec.args="--spring.profiles.active=pushgateway --invoices.file=bad.csv"
 * }</pre>
 */
@SpringBootApplication
public class InvoiceExportApplication {

  public static void main(String[] args) {
    System.exit(
        SpringApplication.exit(SpringApplication.run(InvoiceExportApplication.class, args)));
  }
}
