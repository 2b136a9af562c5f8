package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A textfile directory no report could be written to is refused when the run starts, before the
 * job's work, whatever the error policy: otherwise a typo runs the job and reports nothing,
 * forever.
 */
class UnwritableTextfileDirectoryTest {
  @TempDir Path tmp;

  final Job job = Job.machineBound("nightly").build();

  Reporter reporter(Path dir) {
    return Reporter.builder()
        .config(Config.of(Map.of(Config.TEXTFILE_DIR, dir.toString())))
        .reportOnShutdown(false, java.time.Duration.ofSeconds(1))
        .build();
  }

  @Test
  void aMissingDirectoryIsRefusedBeforeTheWorkUnderTheLogPolicy() {
    Path typo = tmp.resolve("node-exporterr");
    Reporter reporter = reporter(typo);
    AtomicBoolean worked = new AtomicBoolean();

    assertThat(reporter.reportErrors()).isEqualTo(ReportErrorPolicy.LOG);
    assertThatThrownBy(() -> reporter.run(job, run -> worked.set(true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'"
                + typo
                + "': the textfile directory does not exist (promjob.textfile.dir must name"
                + " node_exporter's --collector.textfile.directory, writable by the job's user)");
    assertThat(worked).isFalse();
    assertThat(typo).doesNotExist();
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsRefusedAtStart() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> reporter(file).start(job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + file + "': the textfile directory is not a directory");
  }

  @Test
  void aDirectoryThatVanishesDuringTheRunIsAReportErrorNotARefusal() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("vanishing"));
    Run run = reporter(dir).start(job);
    Files.delete(dir);

    run.success(); // logged under the default policy: the work that succeeded is not failed
    assertThat(run.outcome()).contains(Outcome.SUCCESS);
  }
}
