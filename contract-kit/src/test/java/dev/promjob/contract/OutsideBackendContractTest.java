package dev.promjob.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.spi.Backend;
import dev.promjob.testing.ExampleProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend promjob does not ship: found by {@link java.util.ServiceLoader} on this module's test
 * class path, configured by keys only its provider declares ({@code promjob.example.*}), and held
 * to the same contract as the textfile and the Pushgateway.
 */
class OutsideBackendContractTest extends BackendContract {
  private ExampleProvider.Memory backend;

  @BeforeEach
  void discover() {
    Reporter discovering =
        Reporter.builder()
            .config(
                Config.of(
                    Map.of(
                        Config.BACKEND, "example",
                        ExampleProvider.URL, "mem://contract",
                        ExampleProvider.PASSWORD, "s3cret")))
            .build();
    backend = (ExampleProvider.Memory) discovering.backendFor(newJob());
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
    byte[] text = backend.text(job);
    return text == null ? Map.of() : seriesOf(new ByteArrayInputStream(text), job, Set.of());
  }

  @Test
  void itWasFoundByServiceLoaderAndConfiguredByItsOwnKeys() {
    assertThat(backend.name()).isEqualTo("example");
    assertThat(backend.location(newJob())).startsWith("mem://contract/");
    assertThat(Config.isSecret(ExampleProvider.PASSWORD)).isTrue();
  }
}
