package dev.promjob.spring.batch;

import static dev.promjob.spring.batch.BatchApps.parameters;
import static dev.promjob.spring.batch.BatchApps.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Boot application whose allow-listed label parameter is missing, or given as a string that
 * is a date (as Boot passes command-line job parameters): each run still reports, without the
 * label, and the application is told once per job and parameter what happened and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class LabelWarningsTest {

  @BeforeEach
  void reset() {
    BatchGuardsTest.breaks = BatchGuardsTest.Breaks.NOTHING;
    BatchGuardsTest.reports.set(0);
    ItemsJobs.failing = false;
  }

  @Test
  void aMissingOrDateLikeLabelParameterIsLeftOutWithOneWarningThatSaysWhatToDo(
      CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext app =
        BatchApps.start(
            Map.of("promjob.batch.job.itemsJob.labels", "region,day"),
            BatchGuardsTest.BrokenReporter.class)) {
      for (String day : List.of("2026-12-01", "2026-12-02")) {
        var done = run(app, "itemsJob", parameters().addString("day", day).toJobParameters());
        assertThat(done.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      }
      assertThat(BatchGuardsTest.reports).hasValue(2);
      String todo =
          "; the run is reported without that label, in the job's group or file without it."
              + " Pass %s to every execution with a value that stays the same from run to run,"
              + " or remove it from promjob.batch.job.itemsJob.labels";
      assertThat(
              Arrays.stream(output.getAll().split("\n"))
                  .filter(l -> l.contains("promjob: Spring Batch job"))
                  .map(l -> l.substring(l.indexOf("promjob: Spring Batch job"))))
          .containsExactly(
              "promjob: Spring Batch job 'itemsJob': job parameter 'region' is not a grouping label"
                  + " of this run: the execution has no such job parameter"
                  + todo.formatted("region"),
              "promjob: Spring Batch job 'itemsJob': job parameter 'day' is not a grouping label"
                  + " of this run: its value '2026-12-01' looks like a date, time, timestamp, id"
                  + " or UUID, one group per run"
                  + todo.formatted("day"));
    }
  }
}
