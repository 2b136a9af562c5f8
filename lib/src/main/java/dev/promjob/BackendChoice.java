package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.spi.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which backends serve a job: the list named by {@code promjob.job.<name>.backend}, else by {@value
 * Config#BACKEND}, else the default of the job's scope; each backend made once, on first use, by
 * name. Kept apart from {@link Reporter} so that the entry point stays about runs.
 */
final class BackendChoice implements Function<String, Backend> {
  private final Config config;
  private final Path textfileDirectory;
  private final ClassLoader classLoader;
  private final Map<Scope, String> defaults = new EnumMap<>(Scope.class);
  private final Map<String, Backend> backends = new ConcurrentHashMap<>();

  BackendChoice(
      Config config,
      Path textfileDirectory,
      ClassLoader classLoader,
      Map<Scope, String> defaults,
      Map<String, Backend> injected) {
    this.config = config;
    this.textfileDirectory = textfileDirectory;
    this.classLoader = classLoader;
    this.defaults.put(Scope.MACHINE_BOUND, Reporter.TEXTFILE);
    this.defaults.put(Scope.SERVICE_LEVEL, Reporter.PUSHGATEWAY);
    this.defaults.putAll(defaults);
    this.backends.putAll(injected);
  }

  /** The backends of {@code job}, in the order configured; see {@link Reporter#backendsFor}. */
  List<Backend> forJob(Job job) {
    String key = Config.jobBackendKey(job.name());
    String value = config.jobBackend(job.name()).orElse(null);
    if (value == null) {
      key = Config.BACKEND;
      value = config.get(Config.BACKEND).orElse(null);
    }
    if (value == null) {
      key = "the default of " + job.scope();
      value = defaults.get(job.scope());
    }
    List<Backend> list = new ArrayList<>();
    for (String name : names(value, key)) {
      list.add(named(name));
    }
    return List.copyOf(list);
  }

  /** One backend for all of {@code list}: itself if it is alone. */
  static Backend of(List<Backend> list) {
    return list.size() == 1 ? list.get(0) : new SeveralBackends(list);
  }

  /** The backend of this one name, made on first use; a list of names makes them all. */
  Backend named(String name) {
    if (name.indexOf(',') >= 0) {
      List<Backend> list = new ArrayList<>();
      for (String each : names(name, "backend names")) {
        list.add(named(each));
      }
      return of(list);
    }
    return backends.computeIfAbsent(name, this);
  }

  /**
   * The names of a comma-separated list, trimmed: {@code textfile, pushgateway}. A name given twice
   * or an empty one is refused naming the value: two reports of one run to one place would
   * overwrite each other, and the operator surely meant another name.
   *
   * @throws IllegalArgumentException {@code '<value>': <key> ...}
   */
  static List<String> names(String value, String key) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw Checks.invalid(value, key + " has an empty backend name (names are comma-separated)");
      }
      if (!seen.add(name)) {
        throw Checks.invalid(value, key + " names backend " + name + " twice");
      }
      names.add(name);
    }
    return names;
  }

  /**
   * {@code first} and {@code more} as a list, for {@link Reporter.Builder#backend(Scope, Backend,
   * Backend...)}.
   *
   * @throws IllegalArgumentException naming the list if two backends have one name
   */
  static List<Backend> distinct(Scope scope, Backend first, Backend... more) {
    List<Backend> all = new ArrayList<>();
    all.add(Objects.requireNonNull(first, "backend must not be null"));
    for (Backend b : more) {
      all.add(Objects.requireNonNull(b, "backend must not be null"));
    }
    List<String> list = new ArrayList<>();
    for (Backend b : all) {
      list.add(Objects.requireNonNull(b.name(), "backend name must not be null"));
    }
    names(String.join(",", list), "the backends of " + scope);
    return all;
  }

  /**
   * Makes the backend of {@code name}: the function of {@link #named}'s computeIfAbsent, this
   * object rather than a lambda, which would cost a cold JVM about 1 ms before its first report.
   */
  @Override
  public Backend apply(String name) {
    if (name.equals(Reporter.TEXTFILE)) {
      return Providers.textfile(textfileDirectory, config);
    }
    return Providers.create(name, classLoader, config);
  }
}
