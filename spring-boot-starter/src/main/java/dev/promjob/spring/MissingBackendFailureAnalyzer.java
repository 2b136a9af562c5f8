package dev.promjob.spring;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Boot's words for a backend the configuration or a job needs that no artifact on the class path
 * provides: for the Pushgateway and remote write, the artifact to add.
 */
public final class MissingBackendFailureAnalyzer implements FailureAnalyzer {
  /** How lib's refusal reads ({@code dev.promjob.Providers}). */
  private static final Pattern REFUSAL = Pattern.compile("^no '([^']*)' backend on the class path");

  /** The backends of {@code promjob-gateway-adapter}. */
  private static final Set<String> ADAPTER = Set.of("pushgateway", "remote_write");

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher m =
          t instanceof IllegalStateException
              ? REFUSAL.matcher(String.valueOf(t.getMessage()))
              : null;
      if (m != null && m.find()) {
        return new FailureAnalysis(t.getMessage(), action(m.group(1)), t);
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
}
