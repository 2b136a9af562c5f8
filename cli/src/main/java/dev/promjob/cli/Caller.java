package dev.promjob.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * What the launcher tells promjob about the environment it was started in, through a system
 * property (not a {@code promjob.*} one, which the library would refuse as an unknown key, and not
 * an environment variable, which the command would inherit).
 *
 * <p>Without the launcher ({@code java -jar promjob.jar}) the property is not set: a closed stdin,
 * stdout or stderr is then whatever file the JVM happened to open under that number.
 */
final class Caller {
  /**
   * The caller's closed standard descriptors ({@code 0}, {@code 1}, {@code 2}, in one string): the
   * launcher gave the JVM /dev/null in their place, and the command gets them closed again.
   */
  static final String CLOSED = "dev.promjob.cli.closedFds";

  private Caller() {}

  /** The caller's {@code LC_ALL}, for the command: empty if it had none. */
  static Optional<String> lcAll() {
    return Optional.ofNullable(System.getenv("LC_ALL")); // the JVM's is the caller's
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
