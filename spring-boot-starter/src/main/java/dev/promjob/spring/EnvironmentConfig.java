package dev.promjob.spring;

import dev.promjob.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * promjob's {@link Config} read from Spring's {@code Environment}: every key of lib's catalogue
 * ({@link Config#knownKeys()}: lib's, the installed backends', the integrations'), each looked up
 * once through Boot's binder, so Boot's precedence (arguments, system properties, environment
 * variables, profiles, application.yml) and relaxed names ({@code lock-timeout}, {@code
 * lock_timeout}, {@code lockTimeout}, {@code PROMJOB_TEXTFILE_LOCK_TIMEOUT}, {@code
 * PROMJOB_TEXTFILE_LOCKTIMEOUT}) hold. A key with a {@code *} (one per job) is looked up for each
 * name the property sources enumerate; a variable of one ({@code PROMJOB_JOB_<NAME>_BACKEND}) is
 * matched when a job asks, as lib does. Any other {@code promjob.*} name is refused with its
 * origin.
 */
final class EnvironmentConfig {
  /** Not configuration: {@code promjob run} gives its command its metrics file in it. */
  private static final String METRICS_FILE = "PROMJOB_METRICS_FILE";

  private EnvironmentConfig() {}

  /**
   * @throws UnknownKeyException naming the first name of no known key and its origin
   * @throws IllegalArgumentException naming a file {@value Config#CONFIG_FILE} names that cannot be
   *     read
   */
  static Config from(ConfigurableEnvironment env) {
    Set<String> known = Config.knownKeys();
    Binder binder = new Binder(ConfigurationPropertySources.get(env));
    Map<String, String> values = new TreeMap<>();
    Map<String, String> variables = new TreeMap<>();
    for (String key : known) {
      if (key.indexOf('*') < 0) {
        lookup(env, binder, key).ifPresent(v -> values.put(key, v));
      }
    }
    // Per source, in Boot's order: the names that spell each instance of a '*' key (a list's
    // several), and lib's form of each variable of one.
    List<Map<String, List<String>>> spelled = new ArrayList<>();
    List<PropertySource<?>> sources = new ArrayList<>();
    for (PropertySource<?> source : env.getPropertySources()) {
      // Boot's attached view of all the sources, not a source of its own.
      if (!(source instanceof EnumerablePropertySource<?> names)
          || source.getName().equals("configurationProperties")) {
        continue;
      }
      Map<String, List<String>> here = new LinkedHashMap<>();
      boolean environment = source instanceof SystemEnvironmentPropertySource;
      for (String name : names.getPropertyNames()) {
        if (environment && name.startsWith("PROMJOB_") && !name.equals(METRICS_FILE)) {
          String variable = Names.variable(name, known).orElseThrow(() -> unknown(name, source));
          if (!variable.isEmpty()) {
            variables.putIfAbsent(variable, String.valueOf(source.getProperty(name)));
            here.put(variable, List.of(name));
          }
        } else if (!environment && name.toLowerCase(Locale.ROOT).startsWith(Config.PREFIX)) {
          String key = Names.key(name, known).orElseThrow(() -> unknown(name, source));
          if (!known.contains(key)) { // an instance of a '*' key; the others are looked up above
            here.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
          }
        }
      }
      sources.add(source);
      spelled.add(here);
    }
    // Each instance a source spells: its value from the first source, in Boot's order, that spells
    // it or holds its variable.
    Set<String> instances = new TreeSet<>();
    spelled.forEach(
        here ->
            here.keySet().stream()
                .filter(k -> k.startsWith(Config.PREFIX))
                .forEach(instances::add));
    for (String instance : instances) {
      String variable = Names.libVariable(instance, known);
      for (int i = 0; i < sources.size(); i++) {
        List<String> names = spelled.get(i).getOrDefault(instance, spelled.get(i).get(variable));
        if (names != null) {
          PropertySource<?> source = sources.get(i);
          List<String> texts = new ArrayList<>();
          names.forEach(
              n -> texts.add(env.resolvePlaceholders(String.valueOf(source.getProperty(n)))));
          values.put(instance, String.join(",", texts));
          break;
        }
      }
    }
    lookup(env, binder, Config.CONFIG_FILE)
        .ifPresent(file -> variables.put(Config.environmentVariable(Config.CONFIG_FILE), file));
    values.remove(Config.CONFIG_FILE);
    // The file and the variables of per-name keys below, every key Spring resolved above them.
    return Config.load(variables, new Properties()).overriddenBy(Config.of(values));
  }

  /** The value of {@code key} with Boot's precedence and relaxed names, a list joined by commas. */
  private static Optional<String> lookup(ConfigurableEnvironment env, Binder binder, String key) {
    String kebab = key.replace('_', '-');
    if (!ConfigurationPropertyName.isValid(kebab)) {
      // A name with capitals (a Spring Batch job's): Spring's own sources, in order, by raw name.
      return Optional.ofNullable(env.getProperty(key));
    }
    ConfigurationPropertyName name = ConfigurationPropertyName.of(kebab);
    String value = binder.bind(name, Bindable.of(String.class)).orElse(null);
    if (value == null) {
      value =
          binder
              .bind(name, Bindable.listOf(String.class))
              .map(l -> String.join(",", l))
              .orElse(null);
    }
    return Optional.ofNullable(value);
  }

  private static UnknownKeyException unknown(String name, PropertySource<?> source) {
    Set<String> known = Config.knownKeys();
    String origin = String.valueOf(PropertySourceOrigin.get(source, name));
    List<String> near = new ArrayList<>(known);
    near.sort(Comparator.comparingInt((String k) -> Names.distance(name, k)).thenComparing(k -> k));
    return new UnknownKeyException(name, origin, near.subList(0, Math.min(3, near.size())));
  }
}
