package dev.promjob;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A delivery to a job's several backends ({@code textfile,pushgateway}) that failed on some of
 * them: each one that failed, by name, with its own failure, so that a caller can act on each
 * (report again without its own families only where the failure was a {@link
 * dev.promjob.spi.ReportRefusedException}, leave alone those that failed otherwise or not at all).
 * Each failure is also {@linkplain #getSuppressed() suppressed}; the message names each backend,
 * its location and its reason.
 *
 * <pre>{@code
 * try {
 *   reporter.report(report);
 * } catch (SeveralBackendsException e) {
 *   e.failures().forEach((name, failure) -> System.err.println(name + ": " + failure));
 * }
 * }</pre>
 */
public final class SeveralBackendsException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Not serialized: a failure is for the caller of this JVM, its message says it all otherwise. */
  private final transient Map<String, Throwable> failures;

  SeveralBackendsException(String message, Map<String, Throwable> failures) {
    super(message);
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    failures.values().forEach(this::addSuppressed);
  }

  /**
   * Each backend that failed, by its name ({@code textfile}), in the order configured, with what it
   * threw; the backends not named here delivered.
   */
  public Map<String, Throwable> failures() {
    return failures == null ? Map.of() : failures;
  }
}
