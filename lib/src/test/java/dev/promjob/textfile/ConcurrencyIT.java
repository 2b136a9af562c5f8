package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two writer JVMs of eight threads each rewrite one shared job and sixteen own jobs for {@code
 * -Dpromjobtest.concurrency.seconds} (default 10; the long profile runs 60) while this JVM scrapes
 * node_exporter and reads every file: never a torn file, no temp left, and at the end every file is
 * one whole version.
 */
class ConcurrencyIT {
  static final long SECONDS = Long.getLong("promjobtest.concurrency.seconds", 10);
  static final int N = 1_000;

  @Test
  void twoProcessesOfEightThreadsNeverTearAFile() throws Exception {
    Path dir = NodeExporter.readableTempDirectory("promjob-conc-");
    List<Process> writers = new ArrayList<>();
    try (NodeExporter ne = NodeExporter.start(dir, Path.of("target", "it-logs"))) {
      for (int proc = 1; proc <= 2; proc++) {
        writers.add(
            new ProcessBuilder(
                    JavaChild.command(
                        WriterChild.class,
                        false,
                        "threads",
                        dir.toString(),
                        Integer.toString(proc),
                        "8",
                        Long.toString(SECONDS),
                        Integer.toString(N)))
                .redirectErrorStream(true)
                .start());
      }
      int scrapes = 0;
      int fileReads = 0;
      while (writers.stream().anyMatch(Process::isAlive)) {
        String scrape = ne.scrape();
        scrapes++;
        assertEquals(
            0, NodeExporter.value(scrape, "node_textfile_scrape_error", ""), "scrape " + scrapes);
        assertWhole(scrape);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.prom")) {
          for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
              WriterChild.wholeVersion(in, f.getFileName().toString(), N);
              fileReads++;
            } catch (NoSuchFileException gone) {
              throw new AssertionError(
                  f + " vanished between listing and reading: a rename must replace, never remove",
                  gone);
            }
          }
        }
      }
      long writes = 0;
      for (Process w : writers) {
        assertTrue(w.waitFor(SECONDS + 60, TimeUnit.SECONDS));
        String out = new String(w.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, w.exitValue(), out);
        assertThat(out).contains(" errors 0");
        writes += Long.parseLong(out.substring(out.indexOf("writes ") + 7, out.indexOf(" errors")));
      }
      assertEquals(List.of(), TextfileBackendTest.tempFiles(dir), "no temp left");
      int files = 0;
      try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.prom")) {
        for (Path f : all) {
          try (InputStream in = Files.newInputStream(f)) {
            long v = (long) WriterChild.wholeVersion(in, f.getFileName().toString(), N);
            assertTrue(v / 1_000_000_000L == 1 || v / 1_000_000_000L == 2, f + ": version " + v);
          }
          files++;
        }
      }
      assertEquals(17, files, "shared + 2 x 8 own");
      System.out.printf(
          "concurrency: 2 processes x 8 threads for %d s: %d writes of %d-series files, %d scrapes and %d file reads"
              + " while writing, 0 torn, 0 scrape errors, 0 temps left%n",
          SECONDS, writes, N, scrapes, fileReads);
    } finally {
      writers.forEach(Process::destroyForcibly);
      JavaChild.deleteTree(dir);
    }
  }

  /** Every job's fault_value samples in one scrape hold its fault_version. */
  static void assertWhole(String scrape) {
    Map<String, String> version = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (String line : scrape.split("\n")) {
      if (line.startsWith("fault_")) {
        int j = line.indexOf("job_name=\"") + 10;
        String job = line.substring(j, line.indexOf('"', j));
        String value = line.substring(line.lastIndexOf(' ') + 1);
        if (line.startsWith("fault_value{")) {
          count.merge(job, 1, Integer::sum);
        }
        String prev = version.putIfAbsent(job, value);
        assertTrue(
            prev == null || prev.equals(value), job + " mixes versions " + prev + " and " + value);
      }
    }
    count.forEach((job, c) -> assertEquals(N, c, job + " is partial"));
  }
}
