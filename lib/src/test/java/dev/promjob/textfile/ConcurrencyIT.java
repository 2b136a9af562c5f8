package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.BatchMetrics;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.textformat.TextFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * one whole version. Two JVMs that run one job back to back, as overlapping cron runs do, never
 * fail a run on the lock that each removes after use.
 */
class ConcurrencyIT {
  static final long SECONDS = Long.getLong("promjobtest.concurrency.seconds", 10);
  static final int N = 1_000;

  /** Runs of one job by each of the two processes (the issue saw a failure within 250). */
  static final int RUNS = Integer.getInteger("promjobtest.concurrency.runs", 400);

  /** Series of each run of the one job: small, so the lock is taken and removed most often. */
  static final int RUN_SERIES = 10;

  @Test
  void twoProcessesRunningOneJobNeverFailARunAndTheLastSuccessNeverGoesBack() throws Exception {
    Path dir = NodeExporter.readableTempDirectory("promjob-runs-");
    Path file = dir.resolve("same_job.prom");
    List<Process> writers = new ArrayList<>();
    try {
      for (int proc = 1; proc <= 2; proc++) {
        Process w =
            new ProcessBuilder(
                    JavaChild.command(
                        WriterChild.class,
                        false,
                        "runs",
                        dir.toString(),
                        "same_job",
                        Integer.toString(proc),
                        Integer.toString(RUNS),
                        Integer.toString(RUN_SERIES)))
                .redirectErrorStream(true)
                .start();
        writers.add(w);
        assertEquals("READY", firstLine(w), "writer " + proc + " started");
      }
      for (Process w : writers) { // both at once: every run overlaps the other process's
        w.getOutputStream().write('\n');
        w.getOutputStream().flush();
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      double seen = Double.NEGATIVE_INFINITY;
      int reads = 0;
      while (writers.stream().anyMatch(Process::isAlive)) {
        assertTrue(System.nanoTime() < end, "the writers finish within 120 s");
        try (InputStream in = Files.newInputStream(file)) {
          byte[] text = in.readAllBytes();
          WriterChild.wholeVersion(new ByteArrayInputStream(text), "same_job", RUN_SERIES);
          double last = lastSuccess(text);
          assertTrue(last >= seen, "the last success went back from " + seen + " to " + last);
          seen = last;
          reads++;
        } catch (NoSuchFileException notYet) {
          assertEquals(0, reads, "the file, once written, is replaced, never removed");
        }
      }
      long newest = 0;
      for (Process w : writers) {
        assertTrue(w.waitFor(60, TimeUnit.SECONDS));
        String out = new String(w.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, w.exitValue(), out);
        assertThat(out).startsWith("runs " + RUNS + " last ");
        newest = Math.max(newest, Long.parseLong(out.substring(out.indexOf(" last ") + 6).trim()));
      }
      byte[] text = Files.readAllBytes(file);
      WriterChild.wholeVersion(new ByteArrayInputStream(text), "same_job", RUN_SERIES);
      assertEquals(newest, Math.round(lastSuccess(text) * 1000), "the newest success is held");
      assertEquals(List.of(), TextfileBackendTest.tempFiles(dir), "no temp left");
      System.out.printf(
          "one job: 2 processes x %d runs, every run reported, %d reads while writing,"
              + " the last success never went back%n",
          RUNS, reads);
    } finally {
      writers.forEach(Process::destroyForcibly);
      JavaChild.deleteTree(dir);
    }
  }

  private static String firstLine(Process p) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = p.getInputStream().read()) != -1 && c != '\n'; ) {
      line.append((char) c);
    }
    return line.toString();
  }

  /** The value of promjob_last_success_timestamp_seconds in a textfile. */
  private static double lastSuccess(byte[] text) throws IOException {
    double[] found = {Double.NaN};
    TextFormat.parse(
        new ByteArrayInputStream(text),
        (family, sample, names, values, count, value) -> {
          if (sample.equals(BatchMetrics.LAST_SUCCESS)) {
            found[0] = value;
          }
        });
    return found[0];
  }

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
