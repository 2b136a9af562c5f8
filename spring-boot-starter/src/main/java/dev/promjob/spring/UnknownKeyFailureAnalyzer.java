package dev.promjob.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Boot's words for a {@code promjob.*} key no part of promjob reads: the key, where it was set, and
 * the known keys nearest it.
 */
public final class UnknownKeyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownKeyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnknownKeyException cause) {
    return new FailureAnalysis(
        "'"
            + cause.name()
            + "' is not a promjob configuration key: no part of promjob (lib, its installed"
            + " backends, the integrations) reads it.\n\n    Origin: "
            + cause.origin(),
        "Correct or remove '"
            + cause.name()
            + "'. Known keys near it: "
            + String.join(", ", cause.near())
            + ". promjob.enabled=false turns promjob off altogether.",
        cause);
  }
}
