package dev.promjob.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.BatchMetrics;
import dev.promjob.ReportErrorPolicy;
import dev.promjob.Reporter;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host-level sample, end to end through the real node_exporter. */
class HostCronJobIT {
  @TempDir Path audited;

  @Test
  void theSamplesSeriesReachNodeExporter() throws IOException {
    Files.writeString(audited.resolve("fresh"), "12345");
    Path old = Files.writeString(audited.resolve("old"), "123");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    Files.createDirectory(audited.resolve("subdir"));

    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "promjob-sample-it-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (NodeExporter ne = NodeExporter.start(dir, Path.of("target", "it-logs"))) {
      Reporter reporter = Reporter.builder().textfileDirectory(dir).reportErrors(ReportErrorPolicy.THROW).build();
      Path file = HostCronJob.run(reporter, audited);
      Promtool.assertCheckMetricsPasses(file);

      String text = ne.scrape();
      String id = "directory=\"tmp\",job_name=\"tmp_audit\"";
      assertEquals(0, NodeExporter.value(text, "node_textfile_scrape_error", ""));
      assertEquals(1, NodeExporter.value(text, "tmp_audit_files", "age=\"older_than_7d\""));
      assertEquals(1, NodeExporter.value(text, "tmp_audit_files", "age=\"newer\""));
      assertEquals(8, NodeExporter.value(text, "tmp_audit_bytes", id));
      assertEquals(86400, NodeExporter.value(text, BatchMetrics.EXPECTED_INTERVAL, id));
      assertTrue(NodeExporter.value(text, BatchMetrics.LAST_SUCCESS, id) > 1.7e9);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
