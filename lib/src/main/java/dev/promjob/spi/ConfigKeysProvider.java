package dev.promjob.spi;

import java.util.Set;

/**
 * Declares the {@code promjob.*} keys of an integration (a framework's reporting, a tool of the
 * platform) the way a {@link BackendProvider} declares a backend's: lib's configuration then knows
 * them in every source (properties file, {@code PROMJOB_*} environment variables, {@code -D},
 * {@link dev.promjob.Config#of}), refuses the others, and never shows the secret ones. Found with
 * {@link java.util.ServiceLoader}: an implementation is listed in {@code
 * META-INF/services/dev.promjob.spi.ConfigKeysProvider} and has a public no-argument constructor.
 *
 * <p>A key may hold one {@code *} segment standing for a name, such as a job's: {@code
 * promjob.batch.job.*.enabled} makes {@code promjob.batch.job.import.enabled} known, whatever the
 * name. The environment variable of such a key is the name upper-cased with every character outside
 * {@code [A-Z0-9]} turned into {@code _} ({@code PROMJOB_BATCH_JOB_IMPORT_ENABLED}); since that
 * cannot be turned back into the name, such variables are kept by name and matched when {@link
 * dev.promjob.Config#get} asks for the key.
 *
 * <pre>{@code
 * public final class BatchKeys implements ConfigKeysProvider {
 *   public Set<String> keys() {
 *     return Set.of("promjob.batch.enabled", "promjob.batch.job.*.enabled");
 *   }
 * }
 * }</pre>
 *
 * <p>A key that does not start with {@code promjob.}, or holds {@code *} other than as one whole
 * segment, is left out of the catalogue with a warning: it could never be set.
 */
public interface ConfigKeysProvider {

  /** Every {@code promjob.*} key the integration reads; a {@code *} segment stands for a name. */
  Set<String> keys();

  /** The keys among {@link #keys()} whose values are secrets: never shown, never logged. */
  default Set<String> secretKeys() {
    return Set.of();
  }
}
