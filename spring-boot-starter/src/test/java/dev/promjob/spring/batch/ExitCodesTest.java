package dev.promjob.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void keepsSpringBatchsOwnCodes() {
    for (String code :
        new String[] {"COMPLETED", "FAILED", "STOPPED", "NOOP", "UNKNOWN", "EXECUTING"}) {
      assertThat(ExitCodes.label(code)).isEqualTo(code);
    }
  }

  @Test
  void keepsAShortNameOfTheApplications() {
    assertThat(ExitCodes.label("COMPLETED_WITH_SKIPS")).isEqualTo("COMPLETED_WITH_SKIPS");
    assertThat(ExitCodes.label("no-data")).isEqualTo("no-data");
    assertThat(ExitCodes.label("A23456789012345678901234567890AB".replaceAll("[0-9]", "x")))
        .hasSize(32);
  }

  @Test
  void foldsFreeTextNumbersAndLongCodesIntoOther() {
    assertThat(ExitCodes.label("FAILED: 3 rows rejected")).isEqualTo(ExitCodes.OTHER);
    assertThat(ExitCodes.label("ERR_20261203")).isEqualTo(ExitCodes.OTHER);
    assertThat(ExitCodes.label("x".repeat(33))).isEqualTo(ExitCodes.OTHER);
    assertThat(ExitCodes.label("_HIDDEN")).isEqualTo(ExitCodes.OTHER);
    assertThat(ExitCodes.label("")).isEqualTo(ExitCodes.OTHER);
  }

  @Test
  void aMissingCodeIsUnknown() {
    assertThat(ExitCodes.label(null)).isEqualTo("UNKNOWN");
  }
}
