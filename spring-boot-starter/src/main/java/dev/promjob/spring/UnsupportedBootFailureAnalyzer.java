package dev.promjob.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Words {@link UnsupportedBootException} the way Boot prints a failed start: which Boot the
 * application runs, and the two lines that work.
 *
 * <pre>{@code
 * FailureAnalysis a = new UnsupportedBootFailureAnalyzer().analyze(new UnsupportedBootException("3.5.7"));
 * }</pre>
 */
public final class UnsupportedBootFailureAnalyzer
    extends AbstractFailureAnalyzer<UnsupportedBootException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedBootException cause) {
    return new FailureAnalysis(
        "promjob-spring-boot-starter does not run on Spring Boot "
            + cause.version()
            + ": it is built for Spring Boot 4 (Spring Batch 6, Boot 4's module jars), and Boot "
            + cause.version()
            + "'s dependency management brings a client_java older than promjob's 1.7.0.",
        "Move the application to Spring Boot 4.1 (its BOM manages client_java 1.7.0, which promjob"
            + " supports), or to Spring Boot 4.0 with client_java raised by the Maven property"
            + " <prometheus-client.version>1.9.0</prometheus-client.version> (Gradle:"
            + " ext['prometheus-client.version'] = '1.9.0').",
        cause);
  }
}
