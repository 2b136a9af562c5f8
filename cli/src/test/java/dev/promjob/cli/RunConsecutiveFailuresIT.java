package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob run} as cron runs it (the packaged launcher under {@code env -i}, as nobody, no
 * terminal) counts the command's failures in a row in its textfile, served by the real
 * node_exporter.
 */
class RunConsecutiveFailuresIT {
  static ServedDirectory served;
  @TempDir static Path work;

  @BeforeAll
  static void start() throws IOException {
    served = ServedDirectory.start("promjob-consec-it", work);
    // written by nobody, as a cron job of an unprivileged user
    Files.setPosixFilePermissions(served.dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  /** {@code promjob run --job backup -- COMMAND} under env -i, as nobody when run as root. */
  static Launcher.Result run(String command) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (ServerProcess.isRoot()) {
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    cmd.addAll(
        Launcher.cron(
            List.of(),
            "run",
            "--job",
            "backup",
            "--textfile-dir",
            served.dir.toString(),
            "--",
            command));
    return Launcher.runCommand(work, Map.of(), null, cmd);
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  @Test
  void threeFailingCommandsThenASucceedingOneCountOneTwoThreeZero() throws Exception {
    assertThat(run("true").exitCode()).isZero();
    List<Double> counts = new ArrayList<>();
    for (String command : List.of("false", "false", "false", "true")) {
      Launcher.Result r = run(command);
      assertThat(r.exitCode()).isEqualTo(command.equals("true") ? 0 : 1);
      assertThat(r.err()).isEmpty();
      counts.add(served.value("promjob_consecutive_failures", "backup"));
    }
    assertThat(counts).containsExactly(1.0, 2.0, 3.0, 0.0);
  }
}
