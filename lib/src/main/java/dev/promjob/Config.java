package dev.promjob;

import dev.promjob.internal.Checks;
import java.nio.file.Path;
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
 * <p>Each constant below documents one of lib's keys; each backend documents its own (the
 * Pushgateway's are {@code dev.promjob.gateway.PushgatewayKeys}). The README has them all in one
 * table.
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

  /** Per-job variables by name, matched when a job asks ({@link JobKeys}). */
  private final Map<String, String> environmentJobBackends;

  /** Keys set above the environment (system properties): they beat a per-job variable. */
  private final Set<String> aboveEnvironment;

  private Config(
      Map<String, String> values,
      Map<String, String> environmentJobBackends,
      Set<String> aboveEnvironment) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.environmentJobBackends = Map.copyOf(environmentJobBackends);
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
    values.forEach(
        (k, v) -> {
          ConfigKeys.requireKnown(Objects.requireNonNull(k, "key must not be null"), k);
          copy.put(k, Objects.requireNonNull(v, "value of " + k + " must not be null"));
        });
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

  static Config load(Map<String, String> env, Properties system) {
    Map<String, String> envJobBackends = new TreeMap<>();
    Map<String, String> fromEnv = ConfigKeys.fromEnvironment(env, envJobBackends);
    Map<String, String> fromSystem = new TreeMap<>();
    for (String key : system.stringPropertyNames()) {
      if (key.startsWith(PREFIX)) {
        ConfigKeys.requireKnown(key, key);
        fromSystem.put(key, system.getProperty(key));
      }
    }
    Map<String, String> merged = new TreeMap<>();
    String file = fromSystem.getOrDefault(CONFIG_FILE, fromEnv.get(CONFIG_FILE));
    if (file != null) {
      merged.putAll(ConfigKeys.readFile(Path.of(file)));
    }
    merged.putAll(fromEnv);
    merged.putAll(fromSystem);
    return new Config(merged, envJobBackends, fromSystem.keySet());
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
    String key = JobKeys.key(jobName, suffix);
    if (!aboveEnvironment.contains(key)) {
      String fromEnv = environmentJobBackends.get(JobKeys.variable(jobName, suffix));
      if (fromEnv != null) {
        return Optional.of(fromEnv);
      }
    }
    return Optional.ofNullable(values.get(key));
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
    return get(key).map(v -> Checks.oneOf(v, key, type));
  }

  /**
   * The whole number at {@code key}, if set.
   *
   * @throws IllegalArgumentException {@code '<value>': <key> must be a whole number}
   */
  public java.util.OptionalInt integer(String key) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    try {
      return java.util.OptionalInt.of(Integer.parseInt(v.get().trim()));
    } catch (NumberFormatException e) {
      throw Checks.invalid(v.get(), key + " must be a whole number");
    }
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
    Optional<String> text = get(key);
    Optional<String> file = get(fileKey);
    if (text.isPresent() && file.isPresent()) {
      throw Checks.invalid(fileKey, "set either " + key + " or " + fileKey + ", not both");
    }
    if (file.isEmpty()) {
      return text;
    }
    return Optional.of(ConfigKeys.readSecret(Path.of(file.get()), fileKey));
  }

  /** The value of {@code key}, if set. */
  public Optional<String> get(String key) {
    ConfigKeys.requireKnown(Objects.requireNonNull(key, "key must not be null"), key);
    return Optional.ofNullable(values.get(key));
  }

  /**
   * All keys set, with their values. Per-job backends set by environment variable are not keys
   * (their job name is known only when a job asks): see {@link #jobBackend(String)}.
   */
  public Map<String, String> asMap() {
    return values;
  }

  /**
   * This configuration with {@code other}'s keys laid over it (over this one's per-job backend
   * variables too); {@code other}'s per-job backend variables are laid over this one's.
   */
  public Config overriddenBy(Config other) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(other.values);
    Map<String, String> envJobs = new TreeMap<>(environmentJobBackends);
    envJobs.putAll(other.environmentJobBackends);
    // Every key of other is laid over this one's environment as well.
    Set<String> above = new TreeSet<>(aboveEnvironment);
    above.addAll(other.values.keySet());
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
    shown.putAll(environmentJobBackends);
    return "Config" + shown;
  }

  /** {@code value} as it may be shown or logged: secrets masked, a URL without its password. */
  public static String shown(String key, String value) {
    if (isSecret(key)) {
      return "****";
    }
    return ConfigKeys.withoutPassword(value);
  }

  /** True for keys whose values are secrets, never to be shown or logged. */
  public static boolean isSecret(String key) {
    return ConfigKeys.isSecret(key);
  }
}
