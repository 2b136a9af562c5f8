package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A real Spring Boot start with a bad promjob value, and the analysis Boot prints for it. */
@ExtendWith(OutputCaptureExtension.class)
class BadValueFailureAnalyzerTest {
  private static final String RULE =
      "promjob.textfile.lock_timeout must be a positive duration of at most 366d, such as 500ms,"
          + " 5s, 1m, 2h or 1d";

  @Test
  void aBadValueAsAnArgumentIsAnalysedWithItsKeyAndOrigin(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                EnvironmentConfigTest.start(
                    "application.yml", "--promjob.textfile.lock-timeout=bad"))
        .hasStackTraceContaining(RULE);
    String origin = "\"promjob.textfile.lock-timeout\" from property source \"commandLineArgs\"";
    assertThat(output.getAll())
        .contains(
            "APPLICATION FAILED TO START\n***************************\n\nDescription:\n\n'bad': "
                + RULE
                + "\n\n    Origin: "
                + origin
                + "\n\nAction:\n\nCorrect promjob.textfile.lock_timeout (set in "
                + origin
                + ").\n");
  }

  @Test
  void aBadValueInApplicationYmlIsAnalysedWithItsLine(CapturedOutput output) {
    assertThatThrownBy(() -> EnvironmentConfigTest.start("bad-value.yml"))
        .hasStackTraceContaining(RULE);
    String origin = "class path resource [promjob-env/bad-value.yml] - 4:19";
    assertThat(output.getAll())
        .contains(
            "Description:\n\n'bad': "
                + RULE
                + "\n\n    Origin: "
                + origin
                + "\n\nAction:\n\nCorrect promjob.textfile.lock_timeout (set in "
                + origin
                + ").\n");
  }

  @Test
  void anUnknownKeyKeepsItsOwnAnalysis(CapturedOutput output) {
    assertThatThrownBy(() -> EnvironmentConfigTest.start("unknown.yml"));
    assertThat(output.getAll())
        .contains("is not a promjob configuration key")
        .doesNotContain("Action:\n\nCorrect promjob.");
  }
}
