package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of the catalogue on their own: which declared keys can be set, what a '*' matches. */
class KeyCatalogueTest {
  @Test
  void aKeyIsUnderPromjobWithAtMostOneStarAsAWholeSegment() {
    assertThat(KeyCatalogue.wellFormed("promjob.batch.enabled")).isTrue();
    assertThat(KeyCatalogue.wellFormed("promjob.batch.job.*.enabled")).isTrue();
    assertThat(KeyCatalogue.wellFormed("promjob.labels.*")).isTrue();
    assertThat(KeyCatalogue.wellFormed("promjob.x")).isTrue();

    assertThat(KeyCatalogue.wellFormed(null)).isFalse();
    assertThat(KeyCatalogue.wellFormed("promjob.")).isFalse();
    assertThat(KeyCatalogue.wellFormed("batch.enabled")).isFalse();
    assertThat(KeyCatalogue.wellFormed("promjob.*.job.*.enabled")).isFalse();
    assertThat(KeyCatalogue.wellFormed("promjob.job*.enabled")).isFalse();
    assertThat(KeyCatalogue.wellFormed("promjob.job.*x.enabled")).isFalse();
    assertThat(KeyCatalogue.wellFormed("promjob.job.x*")).isFalse();
  }

  @Test
  void aStarStandsForANonEmptyName() {
    Set<String> keys = Set.of("promjob.a.*.b", "promjob.c");
    assertThat(KeyCatalogue.pattern("promjob.a.x.b", keys)).contains("promjob.a.*.b");
    assertThat(KeyCatalogue.pattern("promjob.a.x.y.b", keys)).contains("promjob.a.*.b");
    assertThat(KeyCatalogue.pattern("promjob.a..b", keys)).isEmpty();
    assertThat(KeyCatalogue.pattern("promjob.a.b", keys)).isEmpty();
    assertThat(KeyCatalogue.pattern("promjob.c", keys)).isEmpty();

    assertThat(KeyCatalogue.isPatternVariable("PROMJOB_A_X_B", keys)).isTrue();
    assertThat(KeyCatalogue.isPatternVariable("PROMJOB_A__B", keys)).isFalse();
    assertThat(KeyCatalogue.isPatternVariable("PROMJOB_A_B", keys)).isFalse();
    assertThat(KeyCatalogue.isPatternVariable("PROMJOB_C", keys)).isFalse();
  }

  @Test
  void theVariableOfAnInstanceUpperCasesItsNameWithUnderscoresForTheRest() {
    assertThat(KeyCatalogue.variable("promjob.job.db-backup.v2 x.backend"))
        .isEqualTo("PROMJOB_JOB_DB_BACKUP_V2_X_BACKEND");
    assertThat(KeyCatalogue.variable(Config.TEXTFILE_LOCK_TIMEOUT))
        .isEqualTo("PROMJOB_TEXTFILE_LOCK_TIMEOUT");
    assertThat(KeyCatalogue.patternOf("promjob.job.nightly.max_runtime"))
        .contains("promjob.job.*.max_runtime");
    assertThat(KeyCatalogue.patternOf(Config.TEXTFILE_DIR)).isEmpty();
  }
}
