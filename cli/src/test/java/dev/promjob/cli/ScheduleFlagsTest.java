package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --schedule}, {@code --zone} and {@code --grace} are the keys {@code
 * promjob.job.<name>.schedule}, {@code .zone} and {@code .grace} on the command line: the same
 * rules and messages, the flag named instead of the key, and the flag over the key. Whole command
 * lines through {@link Main}, in this JVM, writing into a temporary directory.
 */
class ScheduleFlagsTest extends MainInThisJvm {
  static final String KEY = "promjob.job.x.";

  /**
   * {@code promjob run --job x --textfile-dir DIR ARGS... -- touch DIR/ran}, with {@code -D} keys
   * before it.
   */
  int run(List<String> keys, String... args) {
    return promjob("run", keys, args);
  }

  /**
   * {@code promjob SUB --job x --textfile-dir DIR ARGS...}, with {@code -D} keys before it: {@code
   * run} with {@code -- touch DIR/ran}, {@code write} with a file of good metrics.
   */
  int promjob(String sub, List<String> keys, String... args) {
    List<String> line = new ArrayList<>(keys);
    line.addAll(List.of(sub, "--job", "x", "--textfile-dir", dir.toString()));
    line.addAll(List.of(args));
    if (sub.equals("run")) {
      line.addAll(List.of("--", "touch", dir.resolve("ran").toString()));
    } else {
      line.add(metrics().toString());
    }
    return main(line.toArray(String[]::new));
  }

  private Path metrics() {
    try {
      return Files.writeString(dir.resolve("in.txt"), "# HELP q Depth.\n# TYPE q gauge\nq 1\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Each refusal, once from the keys and once from the flags, of run and of write: the same exit
   * code, 2, and the same message with the flags' names, and neither the command nor the file
   * written. Columns: subcommand, what, schedule, zone, grace (empty: not given).
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "run   | a minute out of range      | 61 * * * *   |               | 1h",
        "run   | a step after a value       | 5/15 * * * * |               | 1h",
        "run   | seven fields               | 0 0 3 * * ? 2026 |           | 1h",
        "run   | Spring's L                 | 0 0 3 L * *  |               | 1h",
        "run   | Spring's seconds, several  | */10 * * * * * |             | 1h",
        "run   | @reboot                    | @reboot      |               | 1h",
        "run   | a day that never comes     | 0 0 30 2 *   |               | 1h",
        "run   | a zone that does not exist | @daily       | Europe/Mainz  | 1h",
        "run   | a zone shown escaped        | @daily       | Europe/Ber\\lin | 1h",
        "run   | a grace of zero            | @daily       |               | 0s",
        "run   | a grace over 366 days      | @daily       | UTC           | 400d",
        "run   | a grace without a unit     | @daily       | UTC           | 45",
        "run   | a zone without a schedule  |              | UTC           | ",
        "run   | a bad zone, no schedule     |              | Mars          | 0s",
        "run   | a grace without a schedule |              |               | 1h",
        "run   | a schedule without a grace | 30 3 * * *   | UTC           | ",
        "write | a minute out of range      | 61 * * * *   |               | 1h",
        "write | a zone that does not exist | @daily       | Europe/Mainz  | 1h",
        "write | a grace of zero            | @daily       |               | 0s",
        "write | a zone without a schedule  |              | UTC           | ",
        "write | a schedule without a grace | 30 3 * * *   | UTC           | ",
      })
  void aRefusalIsTheKeysWithTheFlagNamed(
      String sub, String what, String cron, String zone, String grace) {
    List<String> flags = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    given(flags, keys, "schedule", cron);
    given(flags, keys, "zone", zone);
    given(flags, keys, "grace", grace);

    int byFlags = promjob(sub, List.of(), flags.toArray(String[]::new)); // first: -D keys stay set
    String flagsErr = err();
    int byKeys = promjob(sub, keys);
    String keysErr = err();

    assertThat(byKeys).as(what).isEqualTo(2);
    assertThat(byFlags).as(what).isEqualTo(2);
    assertThat(keysErr).as(what).startsWith("promjob: '").hasLineCount(1);
    assertThat(flagsErr)
        .as(what)
        .isEqualTo(
            keysErr
                .replace(KEY + "schedule", "--schedule")
                .replace(KEY + "zone", "--zone")
                .replace(KEY + "grace", "--grace"));
    assertThat(dir.resolve("ran")).doesNotExist();
    assertThat(dir.resolve("x.prom")).doesNotExist();
  }

  private static void given(List<String> flags, List<String> keys, String part, String value) {
    if (value != null) {
      flags.addAll(List.of("--" + part, value));
      keys.add("-D" + KEY + part + "=" + value);
    }
  }

  @Test
  void theFlagsOverrideTheKeys() throws IOException {
    int code =
        run(
            List.of(
                "-D" + KEY + "schedule=0 4 * * *",
                "-D" + KEY + "zone=Asia/Tokyo",
                "-D" + KEY + "grace=2h"),
            "--schedule",
            "30 3 * * *",
            "--zone",
            "UTC",
            "--grace",
            "45m");

    assertThat(code).isZero();
    assertThat(deadline()).isEqualTo(due(lastSuccess(), ZoneId.of("UTC"), Duration.ofMinutes(45)));
  }

  /** Spring's six fields, as {@code @Scheduled} takes them: 03:30:00 is 03:30. */
  @Test
  void springsSixFieldsAreTaken() throws IOException {
    int code = run(List.of(), "--schedule", "0 30 3 * * *", "--zone", "UTC", "--grace", "45m");

    assertThat(code).isZero();
    assertThat(deadline()).isEqualTo(due(lastSuccess(), ZoneId.of("UTC"), Duration.ofMinutes(45)));
  }

  /** As every flag over its key: a part the command line leaves out is the key's. */
  @Test
  void aKeyGivesWhatTheFlagsLeaveOut() throws IOException {
    int code =
        run(
            List.of("-D" + KEY + "zone=Asia/Tokyo", "-D" + KEY + "grace=2h"),
            "--schedule",
            "30 3 * * *");

    assertThat(code).isZero();
    assertThat(deadline())
        .isEqualTo(due(lastSuccess(), ZoneId.of("Asia/Tokyo"), Duration.ofHours(2)));
  }

  /** A zone or a grace flag adjusts the schedule configuration gives, as its key would. */
  @Test
  void aZoneOrAGraceFlagAdjustsAConfiguredSchedule() throws IOException {
    int code =
        run(
            List.of("-D" + KEY + "schedule=30 3 * * *", "-D" + KEY + "grace=2h"),
            "--zone",
            "Asia/Tokyo",
            "--grace",
            "10m");

    assertThat(code).isZero();
    assertThat(deadline())
        .isEqualTo(due(lastSuccess(), ZoneId.of("Asia/Tokyo"), Duration.ofMinutes(10)));
  }

  @Test
  void everyAndScheduleExcludeEachOther() {
    int code = run(List.of(), "--every", "1d", "--schedule", "@daily", "--grace", "1h");

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .isEqualTo(
            "promjob: '1d': --every and --schedule exclude each other: a job has an expected"
                + " interval or a schedule, not both\nTry 'promjob --help'.\n");
    assertThat(dir.resolve("ran")).doesNotExist();
  }

  /**
   * A schedule from configuration replaces {@code --every}, as it replaces an interval a job
   * declares in code: the library's rule, kept.
   */
  @Test
  void aConfiguredScheduleReplacesEvery() throws IOException {
    int code =
        run(
            List.of(
                "-D" + KEY + "schedule=30 3 * * *",
                "-D" + KEY + "zone=UTC",
                "-D" + KEY + "grace=1h"),
            "--every",
            "1d");

    assertThat(code).isZero();
    assertThat(deadline()).isEqualTo(due(lastSuccess(), ZoneId.of("UTC"), Duration.ofHours(1)));
    assertThat(Files.readString(dir.resolve("x.prom")))
        .doesNotContain("promjob_expected_interval_seconds");
  }

  @Test
  void theHelpOfRunAndWriteShowsTheFlags() {
    assertThat(main("run", "--help")).isZero();
    assertThat(out())
        .contains("[--every DURATION | --schedule CRON [--zone ZONE] --grace DURATION]")
        .contains("  --grace DURATION    how long after a scheduled time");
    assertThat(main("write", "--help")).isZero();
    assertThat(out()).contains("--schedule CRON [--zone ZONE] --grace DURATION");
    assertThat(main("--help")).isZero();
    assertThat(out()).contains("--schedule CRON [--zone ZONE] --grace DURATION");
  }

  /**
   * The first 03:30 in {@code zone} after {@code last}, plus the grace (no DST change at 03:30).
   */
  static double due(double last, ZoneId zone, Duration grace) {
    Instant after = Instant.ofEpochMilli(Math.round(last * 1000));
    LocalDate day = after.atZone(zone).toLocalDate();
    while (!ZonedDateTime.of(day, LocalTime.of(3, 30), zone).toInstant().isAfter(after)) {
      day = day.plusDays(1);
    }
    return ZonedDateTime.of(day, LocalTime.of(3, 30), zone)
        .toInstant()
        .plus(grace)
        .getEpochSecond();
  }

  double deadline() throws IOException {
    return value("promjob_deadline_timestamp_seconds");
  }

  double lastSuccess() throws IOException {
    return value("promjob_last_success_timestamp_seconds");
  }

  private double value(String metric) throws IOException {
    Path file = dir.resolve("x.prom");
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(metric + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + metric + " in " + Files.readString(file));
  }
}
