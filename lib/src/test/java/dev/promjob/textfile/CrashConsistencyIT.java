package dev.promjob.textfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.Job;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A writer JVM is killed with SIGKILL at random moments of its rewrites (sizes 10 to 100 000
 * series). After every kill the job's file must be one whole written version, mode 0644, scraped by
 * the real node_exporter without error; the next write must sweep the dead writer's temp. Trials:
 * {@code -Dpromjobtest.crash.trials} (default 24; the long profile runs 1 000).
 */
class CrashConsistencyIT {
  static final int TRIALS = Integer.getInteger("promjobtest.crash.trials", 24);
  static final int[] SIZES = {10, 1_000, 10_000, 100_000};
  static Path dir;
  static NodeExporter nodeExporter;

  @BeforeAll
  static void start() throws IOException {
    dir = NodeExporter.readableTempDirectory("promjob-crash-");
    nodeExporter = NodeExporter.start(dir, Path.of("target", "it-logs"));
  }

  @AfterAll
  static void stop() {
    if (nodeExporter != null) {
      nodeExporter.close();
    }
    JavaChild.deleteTree(dir);
  }

  @Test
  void everyKillLeavesOneWholeVersion() throws Exception {
    Random random = new Random(42);
    Job job = Job.machineBound("crash").build();
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    int midWrite = 0;
    long t0 = System.nanoTime();
    for (int trial = 0; trial < TRIALS; trial++) {
      int n = SIZES[trial % SIZES.length];
      Process p =
          new ProcessBuilder(
                  JavaChild.command(
                      WriterChild.class,
                      false,
                      "loop",
                      dir.toString(),
                      "crash",
                      Integer.toString(n)))
              .redirectErrorStream(true)
              .start();
      long completed;
      try {
        BufferedReader out =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = line(out, p);
        long writeNanos = Long.parseLong(first.split(" ")[1]);
        // Anywhere in the next one or two writes: inside the temp write, the fsync, the
        // parse-back, the chmod, the rename or the directory fsync.
        LockSupport.parkNanos((long) (random.nextDouble() * 2 * writeNanos));
      } finally {
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
      }
      Path file = backend.fileOf(job);
      assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "trial " + trial);
      double version;
      try (InputStream in = Files.newInputStream(file)) {
        version = WriterChild.wholeVersion(in, "crash", n);
      }
      completed = (long) version;
      assertTrue(completed >= 1, "trial " + trial + ": version " + version);
      assertEquals(
          "rw-r--r--",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
          "trial " + trial);
      String scrape = nodeExporter.scrape();
      assertEquals(
          0, NodeExporter.value(scrape, "node_textfile_scrape_error", ""), "trial " + trial);
      assertEquals(
          version,
          NodeExporter.value(scrape, "fault_version", "job_name=\"crash\""),
          "trial " + trial);
      assertEquals(n, NodeExporter.samples(scrape, "fault_value").size(), "trial " + trial);

      List<String> temps = TextfileBackendTest.tempFiles(dir);
      if (!temps.isEmpty()) {
        midWrite++;
        assertTrue(temps.stream().allMatch(t -> t.contains("." + p.pid() + ".")), temps.toString());
      }
      // The next write (this JVM's) sweeps the dead writer's temp.
      backend.report(WriterChild.report(job, n, 0));
      assertEquals(List.of(), TextfileBackendTest.tempFiles(dir), "trial " + trial);
    }
    System.out.printf(
        "crash consistency: %d SIGKILLs (sizes 10..100000), %d landed mid-write (a temp left and swept),"
            + " 0 torn files, 0 scrape errors, %.1f s%n",
        TRIALS, midWrite, (System.nanoTime() - t0) / 1e9);
  }

  static String line(BufferedReader out, Process p) throws IOException, InterruptedException {
    try {
      String l =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return out.readLine();
                    } catch (IOException e) {
                      return null;
                    }
                  })
              .get(60, TimeUnit.SECONDS);
      if (l == null || !l.matches("\\d+ \\d+")) {
        throw new AssertionError("the writer said " + l);
      }
      return l;
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new AssertionError("no write within 60 s", e);
    }
  }
}
