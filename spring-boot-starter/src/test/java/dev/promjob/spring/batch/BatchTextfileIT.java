package dev.promjob.spring.batch;

import static dev.promjob.spring.batch.BatchApps.parameters;
import static dev.promjob.spring.batch.BatchApps.run;
import static dev.promjob.spring.batch.Series.labels;
import static dev.promjob.spring.batch.Series.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Reporter;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Boot 4.1 application running real Spring Batch jobs, reported machine-bound (the default
 * off a cloud platform) to a textfile directory that the real node_exporter, as nobody, serves.
 */
class BatchTextfileIT {
  private static Path dir;
  private static Path logs;
  private static NodeExporter node;
  private static ConfigurableApplicationContext app;

  @BeforeAll
  static void start() throws Exception {
    dir = NodeExporter.readableTempDirectory("promjob-batch-");
    logs = Files.createTempDirectory("promjob-batch-logs-");
    node = NodeExporter.start(dir, logs);
    app =
        BatchApps.start(
            Map.of(
                "promjob.textfile.dir", dir.toString(),
                "promjob.batch.job.itemsJob.labels", "region",
                "promjob.batch.job.cleanupJob.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (node != null) {
      node.close();
    }
    JavaChild.deleteTree(dir);
    JavaChild.deleteTree(logs);
  }

  @BeforeEach
  void failOnDemand() {
    ItemsJobs.failing = true;
  }

  @Test
  void aCompletedExecutionIsASuccessWithItsStepCountsAndSkipsByPhase() throws Exception {
    JobExecution done =
        run(
            app,
            "itemsJob",
            parameters().addString("region", "eu").addLong("items", 20L).toJobParameters());
    assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
    StepExecution step = done.getStepExecutions().iterator().next();

    String text = node.scrape();
    String job = labels("job_name", "itemsJob", "region", "eu");
    assertThat(value(text, "promjob_last_run_success", job)).isEqualTo(1);
    assertThat(
            value(
                text,
                "batch_job_exit_code_info",
                labels(
                    "exit_code", "COMPLETED_WITH_SKIPS", "job_name", "itemsJob", "region", "eu")))
        .isEqualTo(1);
    assertThat(value(text, "batch_step_skipped_items", phase("read")))
        .isEqualTo(step.getReadSkipCount())
        .isPositive();
    assertThat(value(text, "batch_step_skipped_items", phase("process")))
        .isEqualTo(step.getProcessSkipCount())
        .isPositive();
    assertThat(value(text, "batch_step_skipped_items", phase("write")))
        .isEqualTo(step.getWriteSkipCount())
        .isPositive();
    String s = labels("job_name", "itemsJob", "region", "eu", "step", "itemsStep");
    assertThat(value(text, "batch_step_read_items", s)).isEqualTo(step.getReadCount());
    assertThat(value(text, "batch_step_written_items", s)).isEqualTo(step.getWriteCount());
    assertThat(value(text, "batch_step_filtered_items", s))
        .isEqualTo(step.getFilterCount())
        .isPositive();
    assertThat(value(text, "batch_step_commits", s)).isEqualTo(step.getCommitCount());
    assertThat(value(text, "batch_step_rollbacks", s)).isEqualTo(step.getRollbackCount());
    assertThat(value(text, "batch_step_duration_seconds", s)).isPositive();
    System.out.println("after a success, " + file("eu") + ":\n" + read("eu"));
  }

  private static String phase(String phase) {
    return labels("job_name", "itemsJob", "region", "eu", "step", "itemsStep", "phase", phase);
  }

  @Test
  void aFailedStepIsAFailureThatKeepsTheLastSuccess() throws Exception {
    var ok = parameters().addString("region", "fr").toJobParameters();
    assertThat(run(app, "itemsJob", ok).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    String job = labels("job_name", "itemsJob", "region", "fr");
    double lastSuccess = value(node.scrape(), "promjob_last_success_timestamp_seconds", job);

    var failing = parameters().addString("region", "fr").addLong("failAt", 12L).toJobParameters();
    JobExecution failed = run(app, "itemsJob", failing);
    assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);

    String text = node.scrape();
    assertThat(value(text, "promjob_last_run_success", job)).isEqualTo(0);
    assertThat(value(text, "promjob_last_success_timestamp_seconds", job)).isEqualTo(lastSuccess);
    assertThat(
            value(
                text,
                "batch_job_exit_code_info",
                labels("exit_code", "FAILED", "job_name", "itemsJob", "region", "fr")))
        .isEqualTo(1);
    System.out.println("after a failed step, " + file("fr") + ":\n" + read("fr"));
  }

  @Test
  void aMissingAllowListedParameterLeavesItsLabelOut() throws Exception {
    var none = parameters().addLong("items", 3L).toJobParameters();
    assertThat(run(app, "itemsJob", none).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(value(node.scrape(), "promjob_last_run_success", labels("job_name", "itemsJob")))
        .isEqualTo(1);
    assertThat(Path.of(file(null))).exists();
  }

  @Test
  void aStoppedExecutionIsAFailure() throws Exception {
    ItemsJobs.slow.set(null);
    CompletableFuture<JobExecution> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run(app, "slowJob", parameters().addLong("seconds", 60L).toJobParameters());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    JobExecution execution = awaitRunning();
    app.getBean(JobOperator.class).stop(execution);
    JobExecution stopped = running.get(60, TimeUnit.SECONDS);
    assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);

    String text = node.scrape();
    assertThat(value(text, "promjob_last_run_success", labels("job_name", "slowJob"))).isEqualTo(0);
    assertThat(
            value(
                text,
                "batch_job_exit_code_info",
                labels("exit_code", "STOPPED", "job_name", "slowJob")))
        .isEqualTo(1);
  }

  static JobExecution awaitRunning() throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ItemsJobs.slow.get() == null) {
      if (System.nanoTime() > until) {
        throw new AssertionError("slowJob never ran");
      }
      Thread.sleep(20); // polling a condition, bounded
    }
    return ItemsJobs.slow.get();
  }

  @Test
  void aRestartOfAFailedExecutionIsANewRunAndItsSuccessTheLastSuccess() throws Exception {
    try (ConfigurableApplicationContext h2 =
        BatchApps.start(
            Map.of(
                "promjob.textfile.dir",
                dir.toString(),
                "promjob.batch.job.itemsJob.name",
                "items_restarted"),
            H2Repository.class)) {
      JobExecution failed =
          run(h2, "itemsJob", parameters().addLong("failAt", 12L).toJobParameters());
      assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
      String job = labels("job_name", "items_restarted");
      String text = node.scrape();
      assertThat(value(text, "promjob_last_run_success", job)).isEqualTo(0);
      assertThat(text).doesNotContain("promjob_last_success_timestamp_seconds" + job);
      double failedAt = value(text, "promjob_last_completion_timestamp_seconds", job);

      ItemsJobs.failing = false;
      JobExecution restarted = h2.getBean(JobOperator.class).restart(failed);
      assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(restarted.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
      assertThat(restarted.getId()).isNotEqualTo(failed.getId());

      text = node.scrape();
      assertThat(value(text, "promjob_last_run_success", job)).isEqualTo(1);
      assertThat(value(text, "promjob_consecutive_failures", job)).isEqualTo(0);
      assertThat(value(text, "promjob_last_success_timestamp_seconds", job))
          .isGreaterThanOrEqualTo(failedAt);
    }
  }

  @Test
  void aJvmStoppedMidJobIsAFailureThatKeepsTheLastSuccess() throws Exception {
    String job = labels("job_name", "slow_sigterm");
    Process first = child("seconds=0");
    assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isZero();
    double lastSuccess = value(node.scrape(), "promjob_last_success_timestamp_seconds", job);

    Path marker = logs.resolve("sigterm-started");
    Process second = child("seconds=120", "marker=" + marker);
    awaitFile(marker, second);
    // To its process group, as a terminal, systemd or Kubernetes stop it.
    // "-s TERM --": procps' kill reads "-TERM -<pgid>" otherwise, and signals every process.
    assertThat(processGroup(second.pid())).isEqualTo(second.pid()); // setsid made it a leader
    Process kill =
        new ProcessBuilder("kill", "-s", "TERM", "--", "-" + second.pid()).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String text = node.scrape();
    assertThat(value(text, "promjob_last_run_success", job)).isEqualTo(0);
    assertThat(value(text, "promjob_last_success_timestamp_seconds", job)).isEqualTo(lastSuccess);
    assertThat(value(text, "promjob_consecutive_failures", job)).isEqualTo(1);
  }

  /**
   * {@link BatchApp} as its own JVM, leading its own process group, Boot launching {@code slowJob}
   * with {@code parameters} as it does from a command line.
   */
  private static Process child(String... parameters) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("setsid"));
    cmd.addAll(
        JavaChild.command(
            BatchApp.class,
            false,
            "--spring.batch.job.name=slowJob",
            "--spring.main.banner-mode=off",
            "--spring.main.web-application-type=none",
            "--promjob.textfile.dir=" + dir,
            "--promjob.batch.job.slowJob.name=slow_sigterm"));
    cmd.addAll(List.of(parameters));
    Path tmp = Files.createDirectories(logs.resolve("tmp"));
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
    b.environment().put("TMPDIR", tmp.toString());
    b.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("child.log").toFile()));
    return b.start();
  }

  /** The process group of {@code pid}, from /proc. */
  private static long processGroup(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
  }

  private static void awaitFile(Path p, Process owner) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!Files.exists(p)) {
      if (!owner.isAlive() || System.nanoTime() > until) {
        owner.destroyForcibly();
        throw new AssertionError(
            "never appeared: " + p + "\n" + Files.readString(logs.resolve("child.log")));
      }
      Thread.sleep(50); // polling a condition, bounded
    }
  }

  @Test
  void anOptedOutJobIsNotReported() throws Exception {
    assertThat(run(app, "cleanupJob", parameters().toJobParameters()).getStatus())
        .isEqualTo(BatchStatus.COMPLETED);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("cleanupJob"));
    }
    assertThat(node.scrape()).doesNotContain("job_name=\"cleanupJob\"");
  }

  /** The file of {@code itemsJob} in {@code region} (none: without the label), as lib names it. */
  private static String file(String region) {
    var job = dev.promjob.Job.machineBound("itemsJob");
    if (region != null) {
      job.groupingLabel("region", region);
    }
    return app.getBean(Reporter.class).backendNamed("textfile").location(job.build());
  }

  private static String read(String region) throws Exception {
    return Files.readString(Path.of(file(region)));
  }

  static List<String> lines(String text, String metric) {
    return NodeExporter.samples(text, metric);
  }
}
