package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spring's spellings of promjob's keys, on their own (the application tests run them in Boot). */
class NamesTest {
  static final Set<String> KNOWN =
      Set.of(
          "promjob.textfile.lock_timeout",
          "promjob.textfile.dir",
          "promjob.job.*.max_runtime",
          "promjob.batch.job.*.labels");

  @Test
  void aPropertyNameSpellsAKeySegmentBySegmentCaseDashAndUnderscoreAside() {
    for (String name :
        new String[] {
          "promjob.textfile.lock_timeout",
          "promjob.textfile.lock-timeout",
          "promjob.textfile.lockTimeout",
          "PROMJOB.TEXTFILE.LOCK_TIMEOUT"
        }) {
      assertThat(Names.key(name, KNOWN)).as(name).contains("promjob.textfile.lock_timeout");
    }
    assertThat(Names.key("promjob.textfile.lock.timeout", KNOWN)).isEmpty();
    assertThat(Names.key("promjob.textfile", KNOWN)).isEmpty();
    assertThat(Names.key("promjob.textfile.dir.x", KNOWN)).isEmpty();
  }

  @Test
  void anInstanceKeepsTheNameAsTheSourceSpellsIt() {
    assertThat(Names.key("promjob.job.importJob.max-runtime", KNOWN))
        .contains("promjob.job.importJob.max_runtime");
    assertThat(Names.key("promjob.job.db-backup.v2.maxRuntime", KNOWN))
        .contains("promjob.job.db-backup.v2.max_runtime");
    assertThat(Names.key("promjob.batch.job.import.labels[1]", KNOWN))
        .contains("promjob.batch.job.import.labels");
    assertThat(Names.key("promjob.job.max_runtime", KNOWN)).isEmpty();
    assertThat(Names.key("promjob.jobs.x.max_runtime", KNOWN)).isEmpty();
  }

  @Test
  void aVariableInLibsOrSpringsForm() {
    assertThat(Names.variable("PROMJOB_TEXTFILE_LOCK_TIMEOUT", KNOWN)).contains("");
    assertThat(Names.variable("PROMJOB_TEXTFILE_LOCKTIMEOUT", KNOWN)).contains("");
    assertThat(Names.variable("PROMJOB_JOB_IMPORTJOB_MAX_RUNTIME", KNOWN))
        .contains("PROMJOB_JOB_IMPORTJOB_MAX_RUNTIME");
    assertThat(Names.variable("PROMJOB_JOB_IMPORTJOB_MAXRUNTIME", KNOWN))
        .contains("PROMJOB_JOB_IMPORTJOB_MAX_RUNTIME");
    assertThat(Names.variable("PROMJOB_JOB__MAX_RUNTIME", KNOWN)).isEmpty();
    assertThat(Names.variable("PROMJOB_TEXTFILE_DIRR", KNOWN)).isEmpty();
    assertThat(Names.libVariable("promjob.job.db-backup.v2 x.max_runtime", KNOWN))
        .isEqualTo("PROMJOB_JOB_DB_BACKUP_V2_X_MAX_RUNTIME");
    assertThat(Names.libVariable("promjob.job.az09@.max_runtime", KNOWN))
        .isEqualTo("PROMJOB_JOB_AZ09__MAX_RUNTIME");
    assertThat(Names.libVariable("promjob.textfile.dir", KNOWN)).isEqualTo("PROMJOB_TEXTFILE_DIR");
    assertThat(Names.spring("promjob.textfile.lock_timeout"))
        .isEqualTo("PROMJOB_TEXTFILE_LOCKTIMEOUT");
  }

  @Test
  void distanceIsLevenshteinOfTheUniformForms() {
    assertThat(Names.distance("promjob.textfile.dirr", "promjob.textfile.dir")).isEqualTo(1);
    assertThat(Names.distance("PROMJOB_TEXTFILE_DIR", "promjob.textfile.dir")).isZero();
    assertThat(Names.distance("promjob.textfile.lock-timeou", "promjob.textfile.lock_timeout"))
        .isEqualTo(1);
    assertThat(Names.distance("ab", "ba")).isEqualTo(2);
    assertThat(Names.distance("", "abc")).isEqualTo(3);
  }
}
