package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.testing.ExampleProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path tmp;

  @Test
  void environmentVariablesAreKeysUpperCasedWithUnderscores() {
    assertEquals("PROMJOB_TEXTFILE_DIR", Config.environmentVariable(Config.TEXTFILE_DIR));
    Config c = Config.load(Map.of("PROMJOB_TEXTFILE_DIR", "/e", "HOME", "/root"), new Properties());
    assertEquals(Optional.of("/e"), c.get(Config.TEXTFILE_DIR));
  }

  @Test
  void precedenceIsFileThenEnvironmentThenSystemProperties() throws IOException {
    Path file = tmp.resolve("promjob.properties");
    Files.writeString(
        file,
        "promjob.textfile.dir=/file\npromjob.textfile.mode=0640\npromjob.textfile.guard=warn\n");
    Properties system = new Properties();
    system.setProperty("promjob.textfile.dir", "/system");
    system.setProperty("unrelated.key", "x");
    Config c =
        Config.load(
            Map.of(
                "PROMJOB_CONFIG",
                file.toString(),
                "PROMJOB_TEXTFILE_DIR",
                "/env",
                "PROMJOB_TEXTFILE_MODE",
                "0644"),
            system);
    assertEquals(Optional.of("/system"), c.get(Config.TEXTFILE_DIR));
    assertEquals(Optional.of("0644"), c.get(Config.TEXTFILE_MODE));
    assertEquals(Optional.of("warn"), c.get(Config.TEXTFILE_GUARD));
  }

  @Test
  void theMetricsFileThatPromjobRunGivesItsCommandIsNotConfiguration() {
    // A Java job, or promjob write, started by promjob run's command finds it in its environment.
    Config c =
        Config.load(
            Map.of("PROMJOB_METRICS_FILE", "/tmp/promjob-run-1/metrics.prom"), new Properties());

    assertThat(c.asMap()).isEmpty();
  }

  @Test
  void refusesUnknownKeysNamingThem() {
    Properties system = new Properties();
    system.setProperty("promjob.textfile.dirr", "/x");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Config.load(Map.of(), system));
    assertThat(e.getMessage())
        .startsWith("'promjob.textfile.dirr': unknown promjob configuration key");

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Config.load(Map.of("PROMJOB_TEXTFILE_DIRR", "/x"), new Properties()));
    assertThat(e.getMessage())
        .startsWith("'PROMJOB_TEXTFILE_DIRR': unknown promjob environment variable");

    e = assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of("promjob.nope", "1")));
    assertThat(e.getMessage()).startsWith("'promjob.nope': unknown");

    e =
        assertThrows(
            IllegalArgumentException.class, () -> Config.of(Map.of("io.prometheus.x", "1")));
    assertThat(e.getMessage()).contains("not a promjob configuration key");
  }

  @Test
  void refusesUnknownKeysInTheFile() throws IOException {
    Path file = tmp.resolve("p.properties");
    Files.writeString(file, "promjob.textfile.guard=warn\npromjob.typo=1\n");
    Properties system = new Properties();
    system.setProperty("promjob.config", file.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Config.load(Map.of(), system));
    assertThat(e.getMessage()).startsWith("'promjob.typo in " + file + "': unknown");
  }

  @Test
  void namesAMissingFile() {
    Path missing = tmp.resolve("missing.properties");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Config.load(Map.of("PROMJOB_CONFIG", missing.toString()), new Properties()));
    assertThat(e.getMessage())
        .isEqualTo("'" + missing + "': promjob.config names a file that does not exist");
  }

  @Test
  void laterConfigOverridesEarlier() {
    Config base = Config.of(Map.of(Config.TEXTFILE_DIR, "/a", Config.TEXTFILE_GUARD, "warn"));
    Config merged = base.overriddenBy(Config.of(Map.of(Config.TEXTFILE_DIR, "/b")));
    assertEquals(Map.of(Config.TEXTFILE_DIR, "/b", Config.TEXTFILE_GUARD, "warn"), merged.asMap());
  }

  @Test
  void perJobBackendsComeFromAnySource() {
    Properties system = new Properties();
    system.setProperty("promjob.job.billing export.backend", "textfile");
    Config c = Config.load(Map.of("PROMJOB_JOB_DB_BACKUP_V2_BACKEND", "pushgateway"), system);
    assertEquals(Optional.of("textfile"), c.jobBackend("billing export"));
    assertEquals(Optional.of("pushgateway"), c.jobBackend("db-backup.v2"));
    assertEquals(Optional.empty(), c.jobBackend("other"));
  }

  @Test
  void secretsNeverShowInToString() {
    Config c =
        Config.of(
            Map.of(
                ExampleProvider.PASSWORD,
                "hunter2",
                ExampleProvider.TOKEN,
                "tok3n",
                ExampleProvider.HEADERS,
                "X-Key=s3cret",
                ExampleProvider.URL,
                "http://pg:9091"));
    String shown = c.toString();
    assertThat(shown).contains("http://pg:9091");
    for (String secret : new String[] {"hunter2", "tok3n", "s3cret"}) {
      assertThat(shown).doesNotContain(secret);
    }
  }

  @Test
  void perJobBackendPrecedenceIsFileThenEnvironmentThenSystemProperties() throws IOException {
    Path file = tmp.resolve("promjob.properties");
    Files.writeString(
        file,
        "promjob.job.nightly.backend=file\npromjob.job.weekly.backend=file\n"
            + "promjob.job.monthly.backend=file\n");
    Properties system = new Properties();
    system.setProperty("promjob.job.monthly.backend", "system");
    Config c =
        Config.load(
            Map.of(
                "PROMJOB_CONFIG",
                file.toString(),
                "PROMJOB_JOB_NIGHTLY_BACKEND",
                "env",
                "PROMJOB_JOB_MONTHLY_BACKEND",
                "env"),
            system);
    assertThat(c.jobBackend("nightly")).contains("env"); // env beats the file
    assertThat(c.jobBackend("weekly")).contains("file");
    assertThat(c.jobBackend("monthly")).contains("system"); // -D beats env
  }

  @Test
  void perJobVariablesAreNoKeysAndShowByTheirOwnName() {
    Config c = Config.load(Map.of("PROMJOB_JOB_NIGHTLY_BACKEND", "pushgateway"), new Properties());
    assertThat(c.asMap()).isEmpty();
    assertThat(c.toString()).isEqualTo("Config{PROMJOB_JOB_NIGHTLY_BACKEND=pushgateway}");
  }

  @Test
  void laterConfigKeysBeatEarlierPerJobVariables() {
    Config env = Config.load(Map.of("PROMJOB_JOB_NIGHTLY_BACKEND", "env"), new Properties());
    Config code = Config.of(Map.of(Config.jobBackendKey("nightly"), "code"));
    assertThat(env.overriddenBy(code).jobBackend("nightly")).contains("code");
    assertThat(code.overriddenBy(env).jobBackend("nightly")).contains("env");
  }

  @Test
  void aUrlPasswordNeverShowsInToString() {
    Config fromEnv =
        Config.load(
            Map.of("PROMJOB_EXAMPLE_URL", "http://alice:S3cret@pg:9091/base"), new Properties());
    assertThat(fromEnv.toString())
        .isEqualTo("Config{promjob.example.url=http://alice:****@pg:9091/base}");
    Config withAt = Config.of(Map.of(ExampleProvider.URL, "https://bob:p@ss:w@rd@pg.example:443"));
    assertThat(withAt.toString())
        .doesNotContain("p@ss")
        .doesNotContain("rd@")
        .contains("https://bob:****@pg.example:443");
    Config userOnly = Config.of(Map.of(ExampleProvider.URL, "http://tok3n@pg:9091"));
    assertThat(userOnly.toString()).contains("http://tok3n:****@pg:9091");
    assertThat(Config.of(Map.of(ExampleProvider.URL, "http://pg:9091/a@b")).toString())
        .contains("http://pg:9091/a@b");
  }

  @Test
  void askingForAnUnknownKeyIsAMistakeToo() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Config.empty().get("promjob.textfile.dirr")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'promjob.textfile.dirr': unknown promjob configuration key");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Config.of(Map.of("promjob.job..backend", "x"))))
        .hasMessageStartingWith("'promjob.job..backend': unknown promjob configuration key");
    assertThat(Config.of(Map.of("promjob.job.a.backend", "x")).jobBackend("a")).contains("x");
  }

  @Test
  void perJobVariablesMatchEveryCharacterTheWaySpelled() {
    Config c = Config.load(Map.of("PROMJOB_JOB_AZ09_Z_BACKEND", "pushgateway"), new Properties());
    assertThat(c.jobBackend("az09-z")).contains("pushgateway");
    assertThat(c.jobBackend("AZ09.Z")).contains("pushgateway");
    assertThat(c.jobBackend("az09@z")).contains("pushgateway");
    assertThat(c.jobBackend("az09zz")).isEmpty();
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Config.load(Map.of("PROMJOB_JOB__BACKEND", "x"), new Properties())))
        .hasMessageStartingWith("'PROMJOB_JOB__BACKEND': unknown promjob environment variable");
  }

  @Test
  void onlyAUrlsPasswordIsHidden() {
    assertThat(Config.shown(ExampleProvider.URL, "http://pg:9091")).isEqualTo("http://pg:9091");
    assertThat(Config.shown(ExampleProvider.URL, "http://a:b@pg")).isEqualTo("http://a:****@pg");
    assertThat(Config.shown(ExampleProvider.URL, "http://a:b@pg/x?y=@z"))
        .isEqualTo("http://a:****@pg/x?y=@z");
    assertThat(Config.shown(ExampleProvider.URL, "http://@pg")).isEqualTo("http://:****@pg");
    assertThat(Config.shown(ExampleProvider.URL, "http://pg@")).isEqualTo("http://pg:****@");
    assertThat(Config.shown(Config.TEXTFILE_DIR, "/var/lib/x@y")).isEqualTo("/var/lib/x@y");
    assertThat(Config.shown(ExampleProvider.PASSWORD, "hunter2")).isEqualTo("****");
  }

  @Test
  void aPasswordPastTheFirstAuthorityIsHiddenToo() {
    // A list of URLs with a wrong separator or scheme parses as one URL with a long path.
    assertThat(Config.shown(ExampleProvider.URL, "http://pg:1;http://u:pw1@pg2:2"))
        .isEqualTo("http://pg:1;http://u:****@pg2:2");
    assertThat(Config.shown(ExampleProvider.URL, "http://pg:1/x,ftp://u:pw2@pg2/metrics/job/j"))
        .isEqualTo("http://pg:1/x,ftp://u:****@pg2/metrics/job/j");
    assertThat(Config.shown(ExampleProvider.URL, "http:/u:pw3@pg:2"))
        .isEqualTo("http:/u:****@pg:2");
    assertThat(Config.shown(ExampleProvider.URL, "http://a:pw4@pg/x,http://b:pw5@pg2"))
        .isEqualTo("http://a:****@pg/x,http://b:****@pg2");
    assertThat(Config.shown(ExampleProvider.URL, "http://pg/metrics/job/j/k@base64/dTpw"))
        .isEqualTo("http://pg/metrics/job/j/k@base64/dTpw");
  }

  @Test
  void typedGettersNameTheKeyAndTheRule() {
    Config c =
        Config.of(
            Map.of(
                ExampleProvider.RETRIES, " 5 ",
                ExampleProvider.DEADLINE, "2m",
                Config.TEXTFILE_GUARD, "WARN",
                Config.TEXTFILE_DIR, "/var/lib/node_exporter"));
    assertEquals(java.util.OptionalInt.of(5), c.integer(ExampleProvider.RETRIES));
    assertEquals(java.util.OptionalInt.empty(), c.integer(Config.TEXTFILE_MODE));
    assertEquals(
        Optional.of(java.time.Duration.ofMinutes(2)), c.duration(ExampleProvider.DEADLINE));
    assertEquals(Optional.of(Enforcement.WARN), c.oneOf(Config.TEXTFILE_GUARD, Enforcement.class));
    assertEquals(Optional.of(Path.of("/var/lib/node_exporter")), c.path(Config.TEXTFILE_DIR));
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    Config.of(Map.of(ExampleProvider.RETRIES, "three"))
                        .integer(ExampleProvider.RETRIES)))
        .hasMessage("'three': promjob.example.retries must be a whole number");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    Config.of(Map.of(Config.TEXTFILE_GUARD, "maybe"))
                        .oneOf(Config.TEXTFILE_GUARD, Enforcement.class)))
        .hasMessage("'maybe': promjob.textfile.guard must be refuse or warn");
  }

  @Test
  void aSecretComesFromTextOrFromAFileNeverBoth() throws IOException {
    Path file = Files.writeString(tmp.resolve("password"), "  s3cret\n");
    String text = ExampleProvider.PASSWORD;
    String fromFile = ExampleProvider.PASSWORD_FILE;
    assertEquals(
        Optional.of("s3cret"), Config.of(Map.of(fromFile, file.toString())).secret(text, fromFile));
    assertEquals(Optional.of("inline"), Config.of(Map.of(text, "inline")).secret(text, fromFile));
    assertEquals(Optional.empty(), Config.empty().secret(text, fromFile));
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    Config.of(Map.of(text, "inline", fromFile, file.toString()))
                        .secret(text, fromFile)))
        .hasMessage(
            "'promjob.example.password_file': set either promjob.example.password or promjob.example.password_file, not both")
        .message()
        .doesNotContain("inline");
    Path missing = tmp.resolve("missing");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> Config.of(Map.of(fromFile, missing.toString())).secret(text, fromFile)))
        .hasMessage(
            "'" + missing + "': promjob.example.password_file names a file that does not exist");
  }
}
