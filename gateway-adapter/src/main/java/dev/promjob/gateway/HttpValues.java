package dev.promjob.gateway;

import dev.promjob.spi.Refusal;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The checks on what goes into a request's headers, made when the values are given: a value with a
 * control character (most often the second line of a secret file) would reach the HTTP layer, which
 * refuses it with the whole header value, a credential, in its message. Messages name where a value
 * came from, never the value.
 */
final class HttpValues {
  /**
   * Headers HttpURLConnection manages and silently drops when set
   * (sun.net.http.allowRestrictedHeaders).
   */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of(
          "access-control-request-headers",
          "access-control-request-method",
          "connection",
          "content-length",
          "content-transfer-encoding",
          "host",
          "keep-alive",
          "origin",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "via");

  private HttpValues() {}

  /**
   * {@code value}, if it has no control character (a tab aside, which headers allow).
   *
   * @param source the key or setter it came from, named in the message
   * @param what what it is, e.g. {@code bearer token}
   * @throws IllegalArgumentException {@code '<source>': ...}, without the value
   */
  static String checked(String value, String source, String what) {
    Objects.requireNonNull(value, what + " must not be null");
    if (hasControlCharacter(value)) {
      throw new IllegalArgumentException(
          "'"
              + source
              + "': "
              + what
              + " must not contain a line break or another control character (only a file's"
              + " final newline is ignored; the value is not shown)");
    }
    return value;
  }

  /** A header any request may carry: a valid name, not one the connection sets, a clean value. */
  static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "header name must not be null");
    Objects.requireNonNull(value, "value of header " + name + " must not be null");
    if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c > '~')) {
      throw Refusal.of(name, "not a valid HTTP header name");
    }
    if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      // HttpURLConnection would drop it without a word.
      throw Refusal.of(name, "header set by the HTTP connection itself; promjob cannot send it");
    }
    if (hasControlCharacter(value)) {
      // The value may be a secret: name the header, never the value.
      throw new IllegalArgumentException(
          "'"
              + name
              + "': header value must not contain control characters (its value is not shown)");
    }
  }

  /** True for C0 controls but the tab, and DEL: what an HTTP header value cannot carry. */
  static boolean hasControlCharacter(String value) {
    return value.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 0x7f);
  }
}
