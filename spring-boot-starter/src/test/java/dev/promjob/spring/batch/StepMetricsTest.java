package dev.promjob.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

class StepMetricsTest {
  private static final LocalDateTime T0 = LocalDateTime.of(2026, 12, 3, 3, 0);

  private static StepExecution step(JobExecution job, long id, String name, long read, int secs) {
    StepExecution s = new StepExecution(id, name, job);
    s.setReadCount(read);
    s.setWriteCount(read - 1);
    s.setReadSkipCount(1);
    s.setProcessSkipCount(2);
    s.setWriteSkipCount(3);
    s.setFilterCount(4);
    s.setCommitCount(5);
    s.setRollbackCount(6);
    s.setStartTime(T0);
    s.setEndTime(T0.plusSeconds(secs));
    job.addStepExecution(s);
    return s;
  }

  private static String text(JobExecution execution) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    StepMetrics.register(registry, execution);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aStepAFlowRunsTwiceIsOneSeriesWithItsCountsAndDurationsSummed() throws Exception {
    JobExecution job = new JobExecution(1L, new JobInstance(1L, "flow"), new JobParameters());
    job.setExitStatus(ExitStatus.COMPLETED);
    step(job, 1, "load", 10, 2);
    step(job, 2, "check", 5, 1);
    step(job, 3, "load", 20, 3);

    String text = text(job);
    assertThat(text)
        .contains("batch_step_read_items{step=\"load\"} 30.0\n")
        .contains("batch_step_read_items{step=\"check\"} 5.0\n")
        .contains("batch_step_written_items{step=\"load\"} 28.0\n")
        .contains("batch_step_skipped_items{phase=\"read\",step=\"load\"} 2.0\n")
        .contains("batch_step_skipped_items{phase=\"process\",step=\"load\"} 4.0\n")
        .contains("batch_step_skipped_items{phase=\"write\",step=\"load\"} 6.0\n")
        .contains("batch_step_filtered_items{step=\"load\"} 8.0\n")
        .contains("batch_step_commits{step=\"load\"} 10.0\n")
        .contains("batch_step_rollbacks{step=\"load\"} 12.0\n")
        .contains("batch_step_commits{step=\"check\"} 5.0\n")
        .contains("batch_step_duration_seconds{step=\"load\"} 5.0\n")
        .contains("batch_job_exit_code_info{exit_code=\"COMPLETED\"} 1.0\n");
  }

  @Test
  void aStepStillRunningLastsUntilNowAndOneNotStartedNothing() throws Exception {
    JobExecution job = new JobExecution(2L, new JobInstance(2L, "j"), new JobParameters());
    job.setExitStatus(new ExitStatus("FAILED", "java.lang.IllegalStateException: at line 12..."));
    StepExecution running = new StepExecution(1L, "running", job);
    running.setStartTime(LocalDateTime.now().minusSeconds(60));
    job.addStepExecution(running);
    job.addStepExecution(new StepExecution(2L, "waiting", job));

    String text = text(job);
    double running60 =
        Double.parseDouble(
            text.lines()
                .filter(l -> l.startsWith("batch_step_duration_seconds{step=\"running\"}"))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
    assertThat(running60).isGreaterThanOrEqualTo(60);
    assertThat(text)
        .contains("batch_step_duration_seconds{step=\"waiting\"} 0.0\n")
        .contains("batch_job_exit_code_info{exit_code=\"FAILED\"} 1.0\n")
        .doesNotContain("IllegalStateException");
  }
}
