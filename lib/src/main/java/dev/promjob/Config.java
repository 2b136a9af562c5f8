package dev.promjob;

import dev.promjob.internal.Checks;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * promjob's configuration: keys under {@code promjob.}, from a properties file, environment
 * variables and system properties. An unknown key under {@code promjob.} is refused with the key
 * named, so a typo never goes unnoticed.
 *
 * <p>Precedence, lowest first: values set in code (builders) &lt; the properties file named by
 * {@value #CONFIG_FILE} &lt; environment variables &lt; {@code -D} system properties. An
 * environment variable is its key upper-cased with {@code .} and {@code -} turned into {@code _}:
 * {@code promjob.textfile.dir} is {@code PROMJOB_TEXTFILE_DIR}.
 *
 * <pre>{@code
 * Config config = Config.load();                       // file, environment, system properties
 * Config fixed = Config.of(Map.of(Config.TEXTFILE_DIR, "/var/lib/prometheus/node-exporter"));
 * }</pre>
 *
 * <p>Each constant below documents one of lib's keys; each backend documents its own ({@code
 * dev.promjob.gateway.PushgatewayKeys}), each integration too ({@link #knownKeys()} lists all).
 */
public final class Config {
  /** Prefix of every key. */
  public static final String PREFIX = "promjob.";

  /** Path of a properties file with more keys. */
  public static final String CONFIG_FILE = "promjob.config";

  /** The directory node_exporter's textfile collector reads. */
  public static final String TEXTFILE_DIR = "promjob.textfile.dir";

  /** Octal mode of written textfiles, such as {@code 0644}. */
  public static final String TEXTFILE_MODE = "promjob.textfile.mode";

  /** {@code refuse} (default) or {@code warn}: what to do when files of the directory clash. */
  public static final String TEXTFILE_GUARD = "promjob.textfile.guard";

  /**
   * How long a textfile report waits for an overlapping writer of the same job, e.g. {@code 10s}.
   */
  public static final String TEXTFILE_LOCK_TIMEOUT = "promjob.textfile.lock_timeout";

  /** {@code log} (default) or {@code throw}: what a run does when its report fails. */
  public static final String REPORT_ERRORS = "promjob.report.errors";

  /**
   * {@code true} (default) or {@code false}: whether runs still in flight when the JVM shuts down
   * (SIGTERM, {@code System.exit}) are reported as failed.
   */
  public static final String SHUTDOWN_REPORT = "promjob.shutdown.report";

  /** How long the JVM's shutdown waits for those reports, e.g. {@code 5s}. */
  public static final String SHUTDOWN_TIMEOUT = "promjob.shutdown.timeout";

  /**
   * The backend of every job, overriding each declaration: {@code textfile}, {@code pushgateway} or
   * the name of another provider's backend.
   */
  public static final String BACKEND = "promjob.backend";

  private static final Config EMPTY = new Config(Map.of(), Map.of(), Set.of());

  private final Map<String, String> values;

  /** Variables of {@code *} keys (per-job, per-name) by variable, matched when a key is asked. */
  private final Map<String, String> environmentNamed;

  /** Keys set above the environment (system properties): they beat a per-name variable. */
  private final Set<String> aboveEnvironment;

  Config(
      Map<String, String> values,
      Map<String, String> environmentNamed,
      Set<String> aboveEnvironment) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.environmentNamed = Map.copyOf(environmentNamed);
    this.aboveEnvironment = Set.copyOf(aboveEnvironment);
  }

  /** No keys set: every setting comes from code or its default. */
  public static Config empty() {
    return EMPTY;
  }

  /**
   * Exactly these keys, for tests and for applications with a configuration system of their own.
   *
   * @throws IllegalArgumentException naming the first unknown key under {@code promjob.}
   */
  public static Config of(Map<String, String> values) {
    Objects.requireNonNull(values, "values must not be null");
    Map<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "key must not be null");
      ConfigKeys.requireKnown(k, k);
      copy.put(k, Objects.requireNonNull(e.getValue(), "value of " + k + " must not be null"));
    }
    return new Config(copy, Map.of(), Set.of());
  }

  /**
   * Reads the configuration of this process: the file named by {@value #CONFIG_FILE}, then the
   * {@code PROMJOB_*} environment variables, then the {@code promjob.*} system properties.
   *
   * @throws IllegalArgumentException naming an unknown key or variable, or the file (and {@value
   *     #CONFIG_FILE}) when it cannot be read or is not UTF-8 text, with the cause
   */
  public static Config load() {
    return load(System.getenv(), System.getProperties());
  }

  /**
   * As {@link #load()}, from sources given: for an integration whose environment is not the
   * process's (Spring's). The variables of {@code *} keys ({@code PROMJOB_JOB_<NAME>_BACKEND}) are
   * matched when {@link #get} asks for their key.
   */
  public static Config load(Map<String, String> env, Properties system) {
    return ConfigKeys.load(env, system);
  }

  /**
   * The key that moves one job to another backend: {@code promjob.job.<name>.backend}. From the
   * environment it is {@code PROMJOB_JOB_<NAME>_BACKEND}, the name upper-cased with every character
   * outside {@code [A-Z0-9]} turned into {@code _}.
   */
  public static String jobBackendKey(String jobName) {
    return JobKeys.key(jobName, JobKeys.BACKEND);
  }

  /**
   * The backend configured for the job named {@code jobName}, if any, with the one precedence: a
   * {@code -D} property beats {@code PROMJOB_JOB_<NAME>_BACKEND}, which beats the file.
   */
  public Optional<String> jobBackend(String jobName) {
    return jobSetting(jobName, JobKeys.BACKEND);
  }

  /**
   * The per-job setting {@code promjob.job.<name><suffix>} ({@code .backend}, {@code .schedule},
   * {@code .zone}, {@code .grace}), with the one precedence: a {@code -D} property beats {@code
   * PROMJOB_JOB_<NAME>_<SUFFIX>}, which beats the file.
   */
  public Optional<String> jobSetting(String jobName, String suffix) {
    return get(JobKeys.key(jobName, suffix));
  }

  /**
   * The duration at {@code key}, if set: {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601 ({@code
   * PT5S}), positive.
   *
   * @throws IllegalArgumentException {@code '<value>': <key> must be a positive duration ...}
   */
  public Optional<java.time.Duration> duration(String key) {
    return get(key).map(v -> Checks.duration(v, key));
  }

  /**
   * The constant of {@code type} named at {@code key}, if set (any case: {@code warn}, {@code
   * WARN}).
   *
   * @throws IllegalArgumentException {@code '<value>': <key> must be a or b}
   */
  public <E extends Enum<E>> Optional<E> oneOf(String key, Class<E> type) {
    String v = get(key).orElse(null);
    return v == null ? Optional.empty() : Optional.of(Checks.oneOf(v, key, type));
  }

  /**
   * The whole number at {@code key}, if set.
   *
   * @throws IllegalArgumentException {@code '<value>': <key> must be a whole number}
   */
  public java.util.OptionalInt integer(String key) {
    return get(key).map(v -> ConfigKeys.integer(v, key)).orElse(java.util.OptionalInt.empty());
  }

  /** The path at {@code key}, if set. */
  public Optional<java.nio.file.Path> path(String key) {
    return get(key).map(v -> java.nio.file.Path.of(v.trim()));
  }

  /**
   * A secret given as text under {@code key} or in a file named under {@code fileKey} (its content,
   * surrounding whitespace and the final newline removed), never both. Messages name the keys and
   * the file, never the secret.
   *
   * @throws IllegalArgumentException if both are set, or if the file cannot be read or is not UTF-8
   *     text: a configuration that cannot run, named {@code '<file>': <fileKey> ...}
   */
  public Optional<String> secret(String key, String fileKey) {
    return ConfigKeys.secret(get(key), key, get(fileKey), fileKey);
  }

  /**
   * The value of {@code key}, if set. For an instance of a {@code *} key ({@code
   * promjob.job.nightly.backend}) a {@code -D} property beats its environment variable, which beats
   * the file.
   *
   * @throws IllegalArgumentException naming {@code key} if it is not {@link #isKnown known}
   */
  public Optional<String> get(String key) {
    ConfigKeys.requireKnown(Objects.requireNonNull(key, "key must not be null"), key);
    if (!environmentNamed.isEmpty() && !aboveEnvironment.contains(key)) {
      String fromEnv = environmentNamed.get(KeyCatalogue.variable(key));
      if (fromEnv != null) {
        return Optional.of(fromEnv);
      }
    }
    return Optional.ofNullable(values.get(key));
  }

  /**
   * Every key known in this JVM, sorted: lib's own, those of the installed backends ({@link
   * dev.promjob.spi.BackendProvider#keys()}) and integrations ({@link
   * dev.promjob.spi.ConfigKeysProvider}). A key that stands for one per name holds {@code *} in
   * place of the name: {@code promjob.job.*.backend}. Read-only, for an integration that reads
   * promjob's keys from a configuration system of its own:
   *
   * <pre>{@code
   * Config.knownKeys().stream().filter(k -> !k.contains("*"))
   *     .forEach(k -> Optional.ofNullable(env.getProperty(k)).ifPresent(v -> values.put(k, v)));
   * }</pre>
   */
  public static Set<String> knownKeys() {
    return KeyCatalogue.known();
  }

  /**
   * True if {@code key} is one of {@link #knownKeys()} or names an instance of one of its {@code *}
   * keys ({@code promjob.job.nightly.backend}): what {@link #of}, {@link #load} and {@link #get}
   * accept.
   */
  public static boolean isKnown(String key) {
    return key.startsWith(PREFIX) && KeyCatalogue.isKnown(key);
  }

  /** All keys set, with their values; not the variables of {@code *} keys: see {@link #get}. */
  public Map<String, String> asMap() {
    return values;
  }

  /**
   * This configuration with {@code other} laid over it: each key as {@code other} answers it if it
   * does (its per-name variables beating its file, as in {@code other}), else as this one does.
   */
  public Config overriddenBy(Config other) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(other.values);
    Map<String, String> envJobs = new TreeMap<>(environmentNamed);
    envJobs.putAll(other.environmentNamed);
    // Every key of other beats this one's environment, unless other's own environment names it.
    Set<String> above = new TreeSet<>(aboveEnvironment);
    above.addAll(other.aboveEnvironment);
    for (String k : other.values.keySet()) {
      if (other.environmentNamed.isEmpty()
          || !other.environmentNamed.containsKey(KeyCatalogue.variable(k))) {
        above.add(k);
      }
    }
    return new Config(merged, envJobs, above);
  }

  /** The environment variable that sets {@code key}, e.g. {@code PROMJOB_TEXTFILE_DIR}. */
  public static String environmentVariable(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Keys and values, with every secret shown as {@code ****} (and the password of a URL's user
   * info); per-job backends from the environment are shown by their variable.
   */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, shown(k, v)));
    environmentNamed.forEach(
        (var, v) -> shown.put(var, KeyCatalogue.isSecretVariable(var) ? "****" : v));
    return "Config" + shown;
  }

  /** {@code value} as it may be shown or logged: secrets masked, a URL without its password. */
  public static String shown(String key, String value) {
    return isSecret(key) ? "****" : Redaction.withoutPassword(value);
  }

  /** True for keys whose values are secrets, never to be shown or logged. */
  public static boolean isSecret(String key) {
    return KeyCatalogue.isSecret(key);
  }
}
