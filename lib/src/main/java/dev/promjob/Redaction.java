package dev.promjob;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** How a value is shown or logged: a URL without its password, credential parameters masked. */
final class Redaction {
  private Redaction() {}

  /**
   * {@code scheme://user:****@host...}: anything that looks like URL user info loses its password,
   * and a query parameter whose name looks like a credential its value ({@code ?db=x&p=****}).
   */
  static String withoutPassword(String value) {
    String shown = firstAuthorityWithoutPassword(value);
    // A list with a wrong separator or scheme (`http://a;http://u:pw@b`, `...,ftp://u:pw@b`,
    // `http:/u:pw@b`) leaves user info further on, in what parses as a path: mask it there too.
    return shown.contains(":/") ? EMBEDDED_USER_INFO.matcher(shown).replaceAll("$1:****@") : shown;
  }

  /** {@code /user:password@} after the first authority: the slash, the user, as group 1. */
  private static final Pattern EMBEDDED_USER_INFO = Pattern.compile("(/[^/@:?#]*):[^/@?#]*@");

  private static String firstAuthorityWithoutPassword(String value) {
    int scheme = value.indexOf("://");
    if (scheme < 0) {
      return value;
    }
    int query = value.indexOf('?', scheme);
    if (query >= 0) {
      return firstAuthorityWithoutPassword(value.substring(0, query))
          + withoutSecretParameters(value, query);
    }
    int authorityStart = scheme + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < value.length() && "/?#".indexOf(value.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = value.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return value;
    }
    int colon = value.indexOf(':', authorityStart);
    String user =
        colon >= 0 && colon < at
            ? value.substring(authorityStart, colon)
            : value.substring(authorityStart, at);
    return value.substring(0, authorityStart) + user + ":****" + value.substring(at);
  }

  /**
   * Names of query parameters whose values are credentials, in lower case: InfluxDB 1.x's {@code u}
   * and {@code p}, and any name with one of the parts below ({@code access_token}, {@code api_key},
   * {@code X-Amz-Signature}, {@code password}...).
   */
  private static final Set<String> SECRET_PARAMETERS = Set.of("u", "p");

  private static final List<String> SECRET_PARTS =
      List.of("pass", "pwd", "token", "secret", "key", "auth", "sig", "cred", "session");

  /** The query (and fragment) that starts at {@code query}, secret-looking values as ****. */
  private static String withoutSecretParameters(String value, int query) {
    int end = value.indexOf('#', query);
    String q = value.substring(query + 1, end < 0 ? value.length() : end);
    StringBuilder sb = new StringBuilder("?");
    for (String pair : q.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      boolean secret =
          SECRET_PARAMETERS.contains(name) || SECRET_PARTS.stream().anyMatch(name::contains);
      sb.append(sb.length() == 1 ? "" : "&")
          .append(secret && eq >= 0 ? pair.substring(0, eq + 1) + "****" : pair);
    }
    return sb.append(end < 0 ? "" : value.substring(end)).toString();
  }
}
