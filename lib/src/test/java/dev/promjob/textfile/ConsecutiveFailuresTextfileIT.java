package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real node_exporter 1.5, as nobody, serves the consecutive failures the textfile carries from
 * the previous file: fail, fail, fail, succeed gives 1, 2, 3, 0, beside a last success the failures
 * keep.
 */
class ConsecutiveFailuresTextfileIT {
  private Path dir;
  private NodeExporter nodeExporter;

  @AfterEach
  void stop() {
    if (nodeExporter != null) {
      nodeExporter.close();
    }
    if (dir != null) {
      JavaChild.deleteTree(dir);
    }
  }

  /** The job's promjob_ series as node_exporter serves them, verbatim. */
  List<String> served(Job job) throws IOException {
    return nodeExporter
        .scrape()
        .lines()
        .filter(l -> l.startsWith("promjob_") && l.contains("job_name=\"" + job.name() + "\""))
        .toList();
  }

  @Test
  void threeFailuresThenASuccessAreServedAsOneTwoThreeZero() throws IOException {
    dir = NodeExporter.readableTempDirectory("promjob-consec-");
    nodeExporter = NodeExporter.start(dir, Path.of("target", "it-logs"));
    Reporter reporter =
        Reporter.builder().textfileDirectory(dir).reportErrors(ReportErrorPolicy.THROW).build();
    Job job =
        Job.machineBound("db_backup")
            .groupingLabel("database", "users")
            .expectedInterval(Duration.ofDays(1))
            .build();
    String id = "{database=\"users\",job_name=\"db_backup\"}";
    reporter.run(job, run -> {});
    double firstSuccess = NodeExporter.value(nodeExporter.scrape(), BatchMetrics.LAST_SUCCESS, id);
    List<Double> counts = new ArrayList<>();
    List<Double> lastSuccess = new ArrayList<>();
    for (String step : List.of("fail", "fail", "fail", "succeed")) {
      if (step.equals("fail")) {
        assertThrows(
            IllegalStateException.class,
            () ->
                reporter.run(
                    job,
                    run -> {
                      throw new IllegalStateException("backup failed");
                    }));
      } else {
        reporter.run(job, run -> {});
      }
      String scrape = nodeExporter.scrape();
      System.out.println("-- after " + step + ":");
      served(job).forEach(System.out::println);
      assertThat(NodeExporter.value(scrape, "node_textfile_scrape_error", "")).isZero();
      counts.add(NodeExporter.value(scrape, BatchMetrics.CONSECUTIVE_FAILURES, id));
      lastSuccess.add(NodeExporter.value(scrape, BatchMetrics.LAST_SUCCESS, id));
    }
    assertThat(counts).containsExactly(1.0, 2.0, 3.0, 0.0);
    assertThat(lastSuccess.subList(0, 3)).containsOnly(firstSuccess);
    assertThat(lastSuccess.get(3)).isGreaterThanOrEqualTo(firstSuccess);
  }
}
