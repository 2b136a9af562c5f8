package dev.promjob.spring;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Boot's words for a backend the configuration or a job needs that no artifact on the class path
 * provides: the key or variable that named it and where it was set, the installed backend nearest a
 * misspelt name, and for the Pushgateway and remote write, the artifact to add.
 */
final class MissingBackendFailureAnalyzer implements FailureAnalyzer {
  /** How lib's refusal reads ({@code dev.promjob.Providers}). */
  private static final Pattern REFUSAL = Pattern.compile("^no '([^']*)' backend on the class path");

  /** The backends of {@code promjob-gateway-adapter}. */
  private static final Set<String> ADAPTER = Set.of("pushgateway", "remote_write");

  /** The installed backends, as lib lists them. */
  private static final Pattern FOUND = Pattern.compile("; backends found: \\[([^\\]]*)\\]");

  /**
   * A name that chooses a backend in any spelling: {@code promjob.backend}, {@code
   * promjob.job.<name>.backend}, {@code promjob.batch.job.<job>.backend}, {@code
   * PROMJOB_JOB_<NAME>_BACKEND}.
   */
  private static final Pattern BACKEND_KEY = Pattern.compile("(?i)promjob[._](.*[._])?backend");

  private final Environment environment;

  /** Boot gives a failure analyzer the application's environment, once it has one. */
  MissingBackendFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher m =
          t instanceof IllegalStateException
              ? REFUSAL.matcher(String.valueOf(t.getMessage()))
              : null;
      if (m != null && m.find()) {
        String backend = m.group(1);
        return new FailureAnalysis(
            t.getMessage() + chosenBy(backend),
            withNearest(backend, t.getMessage(), action(backend)),
            t);
      }
    }
    return null;
  }

  private static String action(String backend) {
    String elsewhere =
        "or name another backend: promjob.backend (every job) or promjob.job.<name>.backend"
            + " (textfile writes for node_exporter's textfile collector, with nothing to add).";
    if (ADAPTER.contains(backend)) {
      return "Add the artifact that provides the '"
          + backend
          + "' backend (promjob-spring-boot-starter brings it unless it is excluded):\n\n"
          + "    <dependency>\n        <groupId>dev.promjob</groupId>\n"
          + "        <artifactId>promjob-gateway-adapter</artifactId>\n    </dependency>\n\n"
          + elsewhere;
    }
    return "Add the artifact whose META-INF/services/dev.promjob.spi.BackendProvider provides '"
        + backend
        + "', "
        + elsewhere;
  }

  /** The first name, in Boot's order, whose value names {@code backend}, and its origin. */
  private String chosenBy(String backend) {
    if (!(environment instanceof ConfigurableEnvironment env)) {
      return "";
    }
    for (PropertySource<?> source : env.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> names)
          || source.getName().equals("configurationProperties")) {
        continue;
      }
      for (String name : names.getPropertyNames()) {
        Object value = source.getProperty(name);
        if (BACKEND_KEY.matcher(name).matches()
            && value != null
            && Arrays.stream(String.valueOf(value).split(","))
                .anyMatch(v -> v.trim().equals(backend))) {
          return "\n\n    Chosen by: "
              + name
              + "\n    Origin: "
              + PropertySourceOrigin.get(source, name);
        }
      }
    }
    return "\n\n    Chosen by: no promjob key names it: a job or backend declared in code does";
  }

  /** "Did you mean ...?" first when an installed backend is within two edits of {@code backend}. */
  private static String withNearest(String backend, String message, String action) {
    Matcher found = FOUND.matcher(message);
    if (!found.find()) {
      return action;
    }
    Optional<String> near =
        Arrays.stream(found.group(1).split(","))
            .map(String::trim)
            .filter(b -> !b.isEmpty())
            .min(
                Comparator.comparingInt((String b) -> Names.distance(backend, b))
                    .thenComparing(b -> b))
            .filter(b -> Names.distance(backend, b) <= 2);
    return near.map(
            b ->
                "Did you mean "
                    + b
                    + "? Correct the name; otherwise "
                    + Character.toLowerCase(action.charAt(0))
                    + action.substring(1))
        .orElse(action);
  }
}
