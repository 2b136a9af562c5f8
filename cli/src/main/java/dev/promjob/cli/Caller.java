package dev.promjob.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * What the launcher tells promjob about the environment it was started in, through two system
 * properties (not {@code promjob.*} ones, which the library would refuse as unknown keys, and not
 * environment variables, which the command would inherit).
 *
 * <p>Without the launcher ({@code java -jar promjob.jar}) neither property is set: the JVM then
 * runs in the caller's own locale, and a closed stdin, stdout or stderr is whatever file the JVM
 * happened to open under that number.
 */
final class Caller {
  /**
   * Set when the launcher ran the JVM under {@code LC_ALL=C.UTF-8} (the caller had no locale, or a
   * UTF-8 one): empty if the caller had no {@code LC_ALL}, {@code =VALUE} if it had one.
   */
  static final String LC_ALL = "dev.promjob.cli.callerLcAll";

  /**
   * The caller's closed standard descriptors ({@code 0}, {@code 1}, {@code 2}, in one string): the
   * launcher gave the JVM /dev/null in their place, and the command gets them closed again.
   */
  static final String CLOSED = "dev.promjob.cli.closedFds";

  private Caller() {}

  /** The caller's {@code LC_ALL}, for the command: empty if it had none. */
  static Optional<String> lcAll() {
    String carried = System.getProperty(LC_ALL);
    if (carried == null) {
      return Optional.ofNullable(System.getenv("LC_ALL")); // the JVM's is the caller's
    }
    return carried.startsWith("=") ? Optional.of(carried.substring(1)) : Optional.empty();
  }

  /** The standard descriptors the caller had closed, as {@code "0"}, {@code "02"} or {@code ""}. */
  static String closed() {
    return System.getProperty(CLOSED, "").replaceAll("[^012]", "");
  }

  /** promjob's stdin: one that fails to read when the caller had closed it, as a shell's would. */
  static InputStream stdin() {
    if (!closed().contains("0")) {
      return System.in;
    }
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("stdin is closed (Bad file descriptor)");
      }
    };
  }
}
