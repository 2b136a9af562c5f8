package dev.promjob.textfile;

import dev.promjob.Config;
import dev.promjob.Reporter;
import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;

/**
 * Makes lib's own {@link TextfileBackend} from configuration. lib lists it in {@code
 * META-INF/services}, and {@link Reporter} finds it like any other backend, so that the API names
 * no backend and this package stands above the API it implements, not beside it.
 *
 * <pre>{@code
 * Backend textfile = new TextfileProvider()
 *     .create(Config.of(Map.of(Config.TEXTFILE_DIR, "/var/lib/prometheus/node-exporter")));
 * }</pre>
 */
public final class TextfileProvider implements BackendProvider {

  @Override
  public String name() {
    return Reporter.TEXTFILE;
  }

  /**
   * @throws IllegalStateException if {@value Config#TEXTFILE_DIR} is not set
   */
  @Override
  public Backend create(Config config) {
    return TextfileBackend.builder().config(config).build();
  }
}
