package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.ExampleKeys;
import dev.promjob.testing.ExampleProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integration's keys ({@link dev.promjob.spi.ConfigKeysProvider}, here {@link ExampleKeys}) are
 * known in every source exactly as a backend's are, and the catalogue is readable by anyone.
 */
class ConfigKeysProviderTest {
  @TempDir Path tmp;

  private static final String IMPORT_ENABLED = "promjob.integration.job.db-backup.v2.enabled";
  private static final String IMPORT_VARIABLE = "PROMJOB_INTEGRATION_JOB_DB_BACKUP_V2_ENABLED";

  @Test
  void theCatalogueListsLibsBackendsAndIntegrationsKeysWithStarForANames() {
    assertThat(Config.knownKeys())
        .contains(
            Config.TEXTFILE_DIR,
            "promjob.job.*.backend",
            "promjob.job.*.schedule",
            ExampleProvider.URL,
            ExampleKeys.ENABLED,
            ExampleKeys.JOB_ENABLED)
        .doesNotContain(ExampleKeys.NOT_PROMJOB, ExampleKeys.STAR_IN_SEGMENT);
    assertThat(new java.util.ArrayList<>(Config.knownKeys())).isSorted();
    assertThatThrownBy(() -> Config.knownKeys().add("promjob.x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void isKnownMatchesAnyNameInPlaceOfStar() {
    assertThat(Config.isKnown(ExampleKeys.ENABLED)).isTrue();
    assertThat(Config.isKnown(IMPORT_ENABLED)).isTrue();
    assertThat(Config.isKnown("promjob.job.nightly.backend")).isTrue();
    assertThat(Config.isKnown("promjob.integration.job..enabled")).isFalse();
    assertThat(Config.isKnown("promjob.integration.job.x.enable")).isFalse();
    assertThat(Config.isKnown("promjob.integration.jobx.scope")).isFalse();
    assertThat(Config.isKnown(ExampleKeys.NOT_PROMJOB)).isFalse();
  }

  @Test
  void anIntegrationsKeysAreAcceptedInEverySourceAndOthersRefused() throws IOException {
    assertThat(Config.of(Map.of(ExampleKeys.ENABLED, "false")).get(ExampleKeys.ENABLED))
        .contains("false");
    assertThat(Config.of(Map.of(IMPORT_ENABLED, "false")).get(IMPORT_ENABLED)).contains("false");
    Path file = tmp.resolve("promjob.properties");
    Files.writeString(file, IMPORT_ENABLED + "=file\n");
    Properties system = new Properties();
    system.setProperty(ExampleKeys.ENABLED, "system");
    Config loaded =
        Config.load(
            Map.of("PROMJOB_CONFIG", file.toString(), "PROMJOB_INTEGRATION_ENABLED", "env"),
            system);
    assertThat(loaded.get(ExampleKeys.ENABLED)).contains("system");
    assertThat(loaded.get(IMPORT_ENABLED)).contains("file");

    assertThatThrownBy(() -> Config.of(Map.of("promjob.integration.enabld", "x")))
        .hasMessageStartingWith("'promjob.integration.enabld': unknown promjob configuration key");
    assertThatThrownBy(
            () -> Config.load(Map.of("PROMJOB_INTEGRATION_ENABLD", "x"), new Properties()))
        .hasMessageStartingWith("'PROMJOB_INTEGRATION_ENABLD': unknown promjob environment")
        .hasMessageContaining("PROMJOB_INTEGRATION_JOB_*_ENABLED");
  }

  @Test
  void theVariableOfAStarKeyIsMatchedWhenTheKeyIsAskedWithTheOnePrecedence() throws IOException {
    Path file = tmp.resolve("promjob.properties");
    Files.writeString(file, IMPORT_ENABLED + "=file\npromjob.integration.job.other.enabled=file\n");
    Map<String, String> env =
        Map.of(
            "PROMJOB_CONFIG",
            file.toString(),
            IMPORT_VARIABLE,
            "env",
            "PROMJOB_INTEGRATION_JOB_WEEKLY_ENABLED",
            "env");
    Properties system = new Properties();
    system.setProperty("promjob.integration.job.weekly.enabled", "system");
    Config c = Config.load(env, system);

    assertThat(c.get(IMPORT_ENABLED)).contains("env"); // the variable beats the file
    assertThat(c.get("promjob.integration.job.weekly.enabled")).contains("system"); // -D beats it
    assertThat(c.get("promjob.integration.job.other.enabled")).contains("file");
    assertThat(c.get("promjob.integration.job.none.enabled")).isEmpty();
    assertThat(Config.of(Map.of(IMPORT_ENABLED, "code")).overriddenBy(c).get(IMPORT_ENABLED))
        .contains("env");
    assertThat(c.overriddenBy(Config.of(Map.of(IMPORT_ENABLED, "code"))).get(IMPORT_ENABLED))
        .contains("code");
  }

  @Test
  void aStarKeysSecretIsNeverShownWhateverItsSource() {
    Config c =
        Config.load(Map.of("PROMJOB_INTEGRATION_JOB_NIGHTLY_TOKEN", "env-s3cret"), new Properties())
            .overriddenBy(Config.of(Map.of("promjob.integration.job.weekly.token", "of-s3cret")));

    assertThat(Config.isSecret("promjob.integration.job.weekly.token")).isTrue();
    assertThat(Config.isSecret(IMPORT_ENABLED)).isFalse();
    assertThat(c.get("promjob.integration.job.nightly.token")).contains("env-s3cret");
    assertThat(c.toString())
        .contains("PROMJOB_INTEGRATION_JOB_NIGHTLY_TOKEN=****")
        .doesNotContain("s3cret");
  }

  @Test
  void libsOwnPerJobKeysAreInstancesOfItsStarKeys() {
    Config c = Config.load(Map.of("PROMJOB_JOB_DB_BACKUP_V2_BACKEND", "x"), new Properties());
    assertThat(c.jobBackend("db-backup.v2")).isEqualTo(Optional.of("x"));
    assertThat(c.get("promjob.job.db-backup.v2.backend")).contains("x");
  }
}
