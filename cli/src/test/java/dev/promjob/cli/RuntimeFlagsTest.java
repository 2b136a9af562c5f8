package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-runtime}, {@code --in-progress} and {@code --no-in-progress} stand for the keys
 * {@code promjob.job.<name>.max_runtime} and {@code .in_progress} and override them, as every flag
 * overrides configuration (the schedule flags included): the crontab line is the nearest setting to
 * the run.
 */
class RuntimeFlagsTest extends MainInThisJvm {

  private int run(String... head) {
    java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of(head));
    line.addAll(java.util.List.of("--job", "x", "--textfile-dir", dir.toString(), "--", "true"));
    return main(line.toArray(String[]::new));
  }

  @Test
  void theFlagOverridesTheKey() throws IOException {
    int code = run("-Dpromjob.job.x.max_runtime=1h", "run", "--max-runtime", "2h");

    assertThat(code).as(err()).isZero();
    assertThat(value("promjob_max_runtime_seconds")).isEqualTo(7200.0);
  }

  @Test
  void theKeyGivesWhatTheFlagsLeaveOut() throws IOException {
    int code = run("-Dpromjob.job.x.max_runtime=1h", "run");

    assertThat(code).as(err()).isZero();
    assertThat(value("promjob_max_runtime_seconds")).isEqualTo(3600.0);
  }

  @Test
  void aBadValueIsRefusedNamingTheFlag() {
    int code = run("run", "--max-runtime", "0s");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("'0s'").contains("--max-runtime");
    assertThat(dir.resolve("x.prom")).doesNotExist();
  }

  @Test
  void inProgressAndNoInProgressExcludeEachOther() {
    int code = run("run", "--in-progress", "--no-in-progress");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("'--no-in-progress': --in-progress and --no-in-progress exclude");
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
