package dev.promjob.spring;

import dev.promjob.Config;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Where a promjob key was set, for a failure analysis: the first of Boot's sources, in Boot's
 * order, that holds it in any spelling ({@code lock_timeout}, {@code lock-timeout}, {@code
 * PROMJOB_TEXTFILE_LOCK_TIMEOUT}), or the raw name of a key with capitals (a Spring Batch job's).
 */
final class Origins {
  private Origins() {}

  /** The origin of {@code key} in {@code environment}, if any source holds it. */
  static Optional<String> of(Environment environment, String key) {
    if (!(environment instanceof ConfigurableEnvironment env)) {
      return Optional.empty();
    }
    String kebab = key.replace('_', '-');
    if (ConfigurationPropertyName.isValid(kebab)) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(kebab);
      for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        if (property != null) {
          return Optional.of(String.valueOf(property.getOrigin()));
        }
      }
    }
    // lib's own spellings: the raw key, and its variable (PROMJOB_JOB_INVOICE_EXPORT_BACKEND).
    String variable = Config.environmentVariable(key);
    for (PropertySource<?> source : env.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?>)
          || source.getName().equals("configurationProperties")) {
        continue;
      }
      for (String n : new String[] {key, variable}) {
        if (source.containsProperty(n)) {
          Origin origin = PropertySourceOrigin.get(source, n);
          return Optional.of(String.valueOf(origin));
        }
      }
    }
    return Optional.empty();
  }
}
