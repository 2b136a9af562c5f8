package dev.promjob.samples.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.contract.BackendContract;
import dev.promjob.spi.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample backend of {@code docs/backends.md} keeps the contract every backend keeps: found by
 * {@link java.util.ServiceLoader} from its name, configured by the key its provider declares.
 */
class SpoolContractTest extends BackendContract {
  @TempDir Path dir;
  private Reporter discovering;
  private Backend backend;

  @BeforeEach
  void discover() {
    discovering =
        Reporter.builder()
            .config(
                Config.of(
                    Map.of(Config.BACKEND, SpoolProvider.NAME, SpoolProvider.DIR, dir.toString())))
            .build();
    backend = discovering.backendFor(newJob());
  }

  @Override
  protected Backend backend() {
    return backend;
  }

  /** It keeps {@code Backend.publishStart}'s default: a start is not published. */
  @Override
  protected boolean publishesStarts() {
    return false;
  }

  @Override
  protected Map<String, Double> exposed(Job job) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(backend.location(job)))) {
      return seriesOf(in, job, Set.of());
    } catch (NoSuchFileException nothingStored) {
      return Map.of();
    }
  }

  @Test
  void isFoundByItsNameAndMadeOncePerReporter() {
    assertThat(backend).isInstanceOf(SpoolBackend.class);
    assertThat(discovering.backendNamed(SpoolProvider.NAME)).isSameAs(backend);
    Reporter another =
        Reporter.builder().config(Config.of(Map.of(SpoolProvider.DIR, dir.toString()))).build();
    assertThat(another.backendNamed(SpoolProvider.NAME)).isNotSameAs(backend);
  }

  @Test
  void aJobsStorageIsNamedByItsNameAndGroupingLabels() {
    Job a = Job.machineBound("backup").groupingLabel("db", "a/b,c=d").build();
    Job b = Job.machineBound("backup").groupingLabel("db", "a/b").build();
    assertThat(backend.location(a))
        .isEqualTo(dir.resolve("backup,db=a%2Fb%2Cc%3Dd.txt").toString());
    assertThat(backend.location(b)).isNotEqualTo(backend.location(a));
    assertThat(backend.location(Job.serviceLevel("backup").groupingLabel("db", "a/b").build()))
        .as("the scope is not part of it")
        .isEqualTo(backend.location(b));
  }

  @Test
  void aJobWhoseFileNameWouldBeTooLongIsRefusedWhenItsRunStarts() {
    Job job = Job.machineBound("long").groupingLabel("path", "/".repeat(100)).build();
    assertThatThrownBy(() -> discovering.start(job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("': spool file name is longer than 255 characters");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void theLastSuccessHeldIsReadBackFromTheStoredText() throws IOException {
    Path file = dir.resolve("f.txt");
    assertThat(SpoolBackend.lastSuccess(file)).as("nothing stored").isEmpty();
    Files.writeString(file, "promjob_last_success_timestamp_seconds{job_name=\"j\"} 1.7e9\n");
    assertThat(SpoolBackend.lastSuccess(file)).isEqualTo(OptionalDouble.of(1.7e9));
    Files.writeString(file, "promjob_last_run_success{job_name=\"j\"} 0\n");
    assertThat(SpoolBackend.lastSuccess(file)).as("never succeeded").isEmpty();
    Files.writeString(file, "not text format\n");
    assertThatThrownBy(() -> SpoolBackend.lastSuccess(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot read " + file + ": ");
  }

  @Test
  void aMissingDirectoryIsRefusedWhenTheBackendIsMade() {
    Path missing = dir.resolve("missing");
    Reporter reporter =
        Reporter.builder().config(Config.of(Map.of(SpoolProvider.DIR, missing.toString()))).build();
    assertThatThrownBy(() -> reporter.backendNamed(SpoolProvider.NAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + missing + "': " + SpoolProvider.DIR + " must name an existing directory");
  }
}
