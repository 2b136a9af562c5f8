package dev.promjob.spring;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Boot's words for client_java too old for promjob: Boot 3.5 and 4.0 manage 1.3.10 and 1.4.3. The
 * Action names the Maven property that fixes it, and for Boot 3.5 the Boot line needed.
 */
public final class ClientJavaFailureAnalyzer implements FailureAnalyzer {
  /** How lib's refusal starts ({@code dev.promjob.internal.ClientJava}). */
  static final String REFUSAL = "promjob needs client_java";

  /** The client_java promjob is built with; lib's refusal names the same. */
  static final String VERSION = "1.9.0";

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IllegalStateException
          && String.valueOf(t.getMessage()).startsWith(REFUSAL)) {
        return new FailureAnalysis(t.getMessage(), action(SpringBootVersion.getVersion()), t);
      }
    }
    return null;
  }

  static String action(String bootVersion) {
    String property =
        "set the Maven property prometheus-client.version to "
            + VERSION
            + " in the application's pom.xml (Gradle: ext['prometheus-client.version'] = '"
            + VERSION
            + "'):\n\n    <properties>\n        <prometheus-client.version>"
            + VERSION
            + "</prometheus-client.version>\n    </properties>\n\nthen rebuild with mvn clean"
            + " (a repackaged jar keeps its old client_java until then).";
    if (bootVersion != null && bootVersion.startsWith("3.")) {
      return "Spring Boot "
          + bootVersion
          + " manages client_java 1.3.10 and Spring Batch 5, which promjob does not support."
          + " Move to Spring Boot 4.1 (it manages client_java 1.7.0: nothing more to set), or to"
          + " Spring Boot 4.0 and "
          + property;
    }
    return "Spring Boot "
        + (bootVersion == null ? "" : bootVersion + " ")
        + "manages an older client_java: "
        + property
        + " Spring Boot 4.1 manages 1.7.0 and needs no override.";
  }
}
