package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code promjob status}'s command line: its exit codes, its usage errors, its JSON. */
class StatusCommandTest extends MainInThisJvm {
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  /** A report as promjob writes it, for job {@code name}, with these families' values. */
  void report(String name, Object... familyValues) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < familyValues.length; i += 2) {
      String family = (String) familyValues[i];
      sb.append("# HELP ").append(family).append(" h.\n# TYPE ").append(family).append(" gauge\n");
      sb.append(family).append("{job_name=\"").append(name).append("\"} ");
      sb.append(((Number) familyValues[i + 1]).doubleValue()).append('\n');
    }
    Files.writeString(dir.resolve(name + ".prom"), sb.toString());
  }

  void onTime(String name) throws Exception {
    double now = Instant.now().getEpochSecond();
    report(
        name,
        BatchMetrics.LAST_SUCCESS,
        now,
        BatchMetrics.EXPECTED_INTERVAL,
        86400,
        BatchMetrics.LAST_RUN_SUCCESS,
        1);
  }

  @Test
  void exitsZeroWhenEveryJobIsWellAndPrintsNothingOnStderr() throws Exception {
    onTime("a");

    assertThat(main("status", "--textfile-dir", dir.toString())).isZero();
    assertThat(out()).startsWith("STATE  JOB  LABELS  LAST RUN").contains("\nok     a  ");
    assertThat(err()).isEmpty();
  }

  @Test
  void exitsOneWhenAJobFailedAndSaysSoOnStderr() throws Exception {
    onTime("a");
    report("b", BatchMetrics.LAST_RUN_SUCCESS, 0);

    assertThat(main("status", "--textfile-dir", dir.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("promjob status: 1 failed of 2 rows in " + dir + "\n");
  }

  @Test
  void exitsOneForAPromjobFileNodeExporterSkips() throws Exception {
    onTime("a");
    Files.writeString(dir.resolve("b.prom"), "promjob_last_run_success{job_name=\"b\"} 1\r\n");

    assertThat(main("status", "--textfile-dir", dir.toString())).isEqualTo(1);
    assertThat(out()).contains("\nproblem  b.prom: line 1: ");
  }

  @Test
  void rowsComeMostUrgentFirstWhateverTheFilesOrder() throws Exception {
    onTime("a_ok");
    report("b_failed", BatchMetrics.LAST_RUN_SUCCESS, 0);

    main("status", "--textfile-dir", dir.toString());

    assertThat(out().lines().map(l -> l.split(" +")[1]).toList())
        .containsExactly("JOB", "b_failed", "a_ok");
  }

  @Test
  void exitsThreeWhenTheSourceCannotBeRead() throws Exception {
    assertThat(main("status", "--textfile-dir", dir.resolve("none").toString())).isEqualTo(3);
    assertThat(err()).startsWith("promjob: cannot list the textfile directory ");

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    assertThat(main("status", "--prometheus", "http://u:secret@127.0.0.1:" + port)).isEqualTo(3);
    assertThat(err())
        .isEqualTo(
            "promjob: cannot query 'http://u:****@127.0.0.1:" + port + "': connection refused\n");
  }

  @Test
  void anEmptyDirectoryIsWellAndSaysSo() {
    assertThat(main("status", "--textfile-dir", dir.toString())).isZero();
    assertThat(out()).isEmpty();
    assertThat(err()).isEqualTo("promjob status: no promjob job in " + dir + "\n");
  }

  @Test
  void aCommandLineItCannotRunExitsTwo() {
    assertThat(main("status", "--textfile-dir", "d", "--prometheus", "http://p:9090")).isEqualTo(2);
    assertThat(err())
        .startsWith(
            "promjob: 'http://p:9090': --prometheus and --textfile-dir exclude each other\n");
    assertThat(main("status", "--format", "yaml")).isEqualTo(2);
    assertThat(err()).startsWith("promjob: 'yaml': --format must be text or json\n");
    assertThat(main("status", "/var/lib")).isEqualTo(2);
    assertThat(err())
        .startsWith(
            "promjob: '/var/lib': status takes no argument; a directory is --textfile-dir DIR\n");
    assertThat(main("status", "--prometheus", "ftp://p")).isEqualTo(2);
    assertThat(err())
        .startsWith(
            "promjob: 'ftp://p': --prometheus needs an http:// or https:// URL with a host\n");
    assertThat(main("status", "--prometheus")).isEqualTo(2);
    assertThat(err()).startsWith("promjob: '--prometheus': needs a URL\n");
  }

  @Test
  void helpNamesEveryOptionAndTheExitCodes() {
    assertThat(main("status", "--help")).isZero();
    assertThat(out()).startsWith("usage: promjob status [--textfile-dir DIR | --prometheus URL]");
    assertThat(out()).contains("--format text|json", "Exit 0 when all is well, 1 when a job is");
    assertThat(main("--help")).isZero();
    assertThat(out()).contains("promjob status [--textfile-dir DIR | --prometheus URL]");
  }

  @Test
  void jsonCountsWhatNeedsALookAndSaysWhyOfAProblemFile() throws Exception {
    onTime("a");
    Files.writeString(dir.resolve("b.prom"), "promjob_last_run_success 1 7\n");

    assertThat(main("status", "--textfile-dir", dir.toString(), "--format", "json")).isEqualTo(1);
    JsonObject top = JsonParser.parseString(out()).getAsJsonObject();
    assertThat(top.get("attention").getAsInt()).isEqualTo(1);
    JsonObject problem = top.getAsJsonArray("jobs").get(0).getAsJsonObject();
    assertThat(problem.get("state").getAsString()).isEqualTo("problem");
    assertThat(problem.get("problem").getAsString()).startsWith("line 1: sample has a timestamp");
    assertThat(problem.get("never_succeeded").getAsBoolean()).isFalse(); // a file, not a job
    assertThat(problem.get("last_run").isJsonNull()).isTrue();
  }

  @Test
  void jsonHasItsDocumentedFieldsInOrderWhateverTheState() throws Exception {
    double t = NOW.getEpochSecond();
    report(
        "late",
        BatchMetrics.LAST_SUCCESS,
        t - 3 * 3600,
        BatchMetrics.EXPECTED_INTERVAL,
        3600,
        BatchMetrics.LAST_RUN_SUCCESS,
        0,
        BatchMetrics.LAST_EXIT_CODE,
        75,
        BatchMetrics.LAST_RUN_OVERLAPPED,
        1,
        BatchMetrics.LAST_COMPLETION,
        t - 60,
        BatchMetrics.LAST_DURATION,
        0.5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        StatusCommand.main(
            List.of("--textfile-dir", dir.toString(), "--format", "json"),
            Config.empty(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of(),
            Terminal.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(code).isEqualTo(1);
    JsonObject top = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(top.keySet()).containsExactly("source", "now", "attention", "jobs");
    assertThat(top.get("now").getAsString()).isEqualTo("2026-12-03T12:00:00Z");
    assertThat(top.get("attention").getAsInt()).isEqualTo(1);
    JsonObject job = top.getAsJsonArray("jobs").get(0).getAsJsonObject();
    assertThat(job.keySet())
        .containsExactly(
            "state",
            "job",
            "labels",
            "source",
            "late",
            "gone",
            "problem",
            "last_run",
            "last_run_success",
            "last_exit_code",
            "timed_out",
            "overlapped",
            "last_success",
            "never_succeeded",
            "last_completion",
            "last_duration_seconds",
            "expected_interval_seconds",
            "due",
            "runs_in_progress",
            "run_start",
            "max_runtime_seconds",
            "consecutive_failures");
    assertThat(top.getAsJsonArray("jobs")).hasSize(1);
    assertThat(job.toString())
        .isEqualTo(
            "{\"state\":\"late\",\"job\":\"late\",\"labels\":{},\"source\":\"late.prom\","
                + "\"late\":true,\"gone\":false,\"problem\":null,\"last_run\":\"overlapped\","
                + "\"last_run_success\":false,\"last_exit_code\":75,\"timed_out\":false,"
                + "\"overlapped\":true,\"last_success\":\"2026-12-03T09:00:00Z\","
                + "\"never_succeeded\":false,\"last_completion\":\"2026-12-03T11:59:00Z\","
                + "\"last_duration_seconds\":0.5,\"expected_interval_seconds\":3600.0,"
                + "\"due\":\"2026-12-03T11:00:00Z\",\"runs_in_progress\":null,"
                + "\"run_start\":null,\"max_runtime_seconds\":null,\"consecutive_failures\":null}");
  }

  @Test
  void anOverrunExitsOneAndJsonCarriesTheRunInProgressAndTheFailuresInARow() throws Exception {
    double t = NOW.getEpochSecond();
    report(
        "hung",
        BatchMetrics.LAST_RUN_SUCCESS,
        0,
        BatchMetrics.CONSECUTIVE_FAILURES,
        3,
        BatchMetrics.RUNS_IN_PROGRESS,
        1,
        BatchMetrics.RUN_START,
        t - 7980,
        BatchMetrics.MAX_RUNTIME,
        3600);

    assertThat(
            StatusCommand.main(
                List.of("--textfile-dir", dir.toString(), "--format", "json"),
                Config.empty(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of(),
                Terminal.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC)))
        .isEqualTo(StatusCommand.ATTENTION);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StatusCommand.main(
        List.of("--textfile-dir", dir.toString(), "--format", "json"),
        Config.empty(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(),
        Terminal.NONE,
        Clock.fixed(NOW, ZoneOffset.UTC));
    JsonObject job =
        JsonParser.parseString(out.toString(StandardCharsets.UTF_8))
            .getAsJsonObject()
            .getAsJsonArray("jobs")
            .get(0)
            .getAsJsonObject();
    assertThat(job.get("state").getAsString()).isEqualTo("overrun");
    assertThat(job.get("last_run").getAsString()).isEqualTo("failed"); // the last run that ended
    assertThat(job.get("runs_in_progress").getAsInt()).isEqualTo(1);
    assertThat(job.get("run_start").getAsString()).isEqualTo("2026-12-03T09:47:00Z");
    assertThat(job.get("max_runtime_seconds").getAsDouble()).isEqualTo(3600.0);
    assertThat(job.get("consecutive_failures").getAsInt()).isEqualTo(3);
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    StatusCommand.main(
        List.of("--textfile-dir", dir.toString()),
        Config.empty(),
        new PrintStream(table, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(),
        Terminal.NONE,
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(table.toString(StandardCharsets.UTF_8))
        .contains("\noverrun  hung  -       running 2h13m  never");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .endsWith("promjob status: 1 overrun of 1 row in " + dir + "\n");
  }
}
