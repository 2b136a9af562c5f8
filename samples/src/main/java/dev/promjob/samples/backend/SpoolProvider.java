package dev.promjob.samples.backend;

import dev.promjob.Config;
import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;
import dev.promjob.spi.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Makes the spool backend from configuration. Listed in {@code
 * META-INF/services/dev.promjob.spi.BackendProvider}, so {@code promjob.backend=spool} (or {@code
 * PROMJOB_BACKEND=spool}) picks it without a line of code.
 */
public final class SpoolProvider implements BackendProvider {
  /** The backend's name, in {@code promjob.backend} and in messages. */
  public static final String NAME = "spool";

  /** The directory that holds one file per job; required. */
  public static final String DIR = "promjob.spool.dir";

  /** Required by {@link java.util.ServiceLoader}: public, no arguments. */
  public SpoolProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> keys() {
    return Set.of(DIR); // any other promjob.spool.* key is refused as unknown, naming it
  }

  @Override
  public Backend create(Config config) {
    String dir =
        config
            .get(DIR)
            .orElseThrow(() -> new IllegalArgumentException(DIR + " is not set: name a directory"));
    Path directory = Path.of(dir.trim());
    if (!Files.isDirectory(directory)) {
      throw Refusal.of(dir, DIR + " must name an existing directory");
    }
    return new SpoolBackend(directory);
  }
}
