package dev.promjob.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A real Spring Batch application refused at start for a run id as a label, in Boot's words. */
@ExtendWith(OutputCaptureExtension.class)
class BadLabelsAnalysisTest {

  @Test
  void aRunIdAsALabelIsAnalysedNamingTheKeyAndWhereItWasSet(CapturedOutput output) {
    assertThatThrownBy(
            () -> BatchApps.start(Map.of("promjob.batch.job.itemsJob.labels", "region,run.id")))
        .hasStackTraceContaining("'run.id': a run id");
    String origin =
        "\"promjob.batch.job.itemsJob.labels\" from property source \"defaultProperties\"";
    assertThat(output.getAll())
        .contains(
            "Description:\n\n'run.id': a run id, a new value every run: it would leave a file or"
                + " group behind each run (promjob.batch.job.itemsJob.labels)\n\n    Origin: "
                + origin
                + "\n\nAction:\n\nCorrect promjob.batch.job.itemsJob.labels (set in "
                + origin
                + ").\n");
  }
}
