package dev.promjob.spring;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Boot's words for a bad value of a promjob key ({@code promjob.textfile.lock-timeout=bad}, {@code
 * promjob.batch.job.x.labels=run.id}, an unreadable truststore): lib and the integrations refuse it
 * with an {@link IllegalArgumentException} that names the key; this gives its message as the
 * description, where the key was set, and the key to correct, in place of a stack trace. Last of
 * promjob's analyzers, so a more specific one (an unknown key) speaks first.
 */
final class BadValueFailureAnalyzer implements FailureAnalyzer, Ordered {
  /** A key as lib and the integrations name it in a message. */
  private static final Pattern KEY = Pattern.compile("promjob\\.[A-Za-z0-9_.*-]*[A-Za-z0-9_*]");

  private final Environment environment;

  /** Boot gives a failure analyzer the application's environment, once it has one. */
  BadValueFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (!(t instanceof IllegalArgumentException) || t instanceof UnknownKeyException) {
        continue;
      }
      Matcher m = KEY.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        String key = m.group();
        String origin = Origins.of(environment, key).orElse(null);
        return new FailureAnalysis(
            t.getMessage() + (origin == null ? "" : "\n\n    Origin: " + origin),
            "Correct " + key + (origin == null ? "" : " (set in " + origin + ")") + ".",
            t);
      }
    }
    return null;
  }
}
