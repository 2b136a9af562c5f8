package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.spi.BackendProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which keys exist and which are secret (lib's own and those the installed backends declare), and
 * how the sources name them: environment variables, the properties file. {@link Config} holds the
 * values and the precedence.
 */
final class ConfigKeys {
  private ConfigKeys() {}

  /** lib's own keys; each backend's provider declares its own ({@link BackendProvider#keys()}). */
  static final Set<String> OWN =
      Set.of(
          Config.CONFIG_FILE,
          Config.TEXTFILE_DIR,
          Config.TEXTFILE_MODE,
          Config.TEXTFILE_GUARD,
          Config.TEXTFILE_LOCK_TIMEOUT,
          Config.REPORT_ERRORS,
          Config.BACKEND,
          Config.SHUTDOWN_REPORT,
          Config.SHUTDOWN_TIMEOUT);

  /**
   * {@code PROMJOB_} variables that are not configuration: {@code promjob run} gives its command
   * the path where it writes its own metrics in {@code PROMJOB_METRICS_FILE}, and a Java job or a
   * {@code promjob write} run by that command must not take it for an unknown key and refuse to
   * start.
   */
  static final Set<String> NOT_CONFIGURATION = Set.of("PROMJOB_METRICS_FILE");

  /**
   * Every key known in this JVM: lib's and those of the installed backends, found once with {@link
   * ServiceLoader} (a provider that cannot be loaded adds none; the reporter names it when a job
   * needs it).
   */
  private static final class Catalogue {
    static final Set<String> KNOWN;
    static final Set<String> SECRET;

    static {
      Set<String> known = new TreeSet<>(OWN);
      Set<String> secret = new TreeSet<>();
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      for (ClassLoader loader : new ClassLoader[] {ConfigKeys.class.getClassLoader(), context}) {
        if (loader == null) {
          continue;
        }
        Providers.each(
            loader,
            provider -> {
              try {
                known.addAll(provider.keys());
                secret.addAll(provider.secretKeys());
              } catch (RuntimeException e) {
                // a broken provider adds no keys; the reporter names it when a job needs it
              }
            },
            broken -> {});
      }
      KNOWN = Collections.unmodifiableSet(known);
      SECRET = Collections.unmodifiableSet(secret);
    }
  }

  /** True for keys whose values are secrets, never to be shown or logged. */
  static boolean isSecret(String key) {
    // lib's own keys hold no secret: the backends are asked only about theirs.
    return !OWN.contains(key) && Catalogue.SECRET.contains(key);
  }

  /**
   * {@code scheme://user:****@host...}: anything that looks like URL user info loses its password,
   * and a query parameter whose name looks like a credential its value ({@code ?db=x&p=****}).
   */
  static String withoutPassword(String value) {
    int scheme = value.indexOf("://");
    if (scheme < 0) {
      return value;
    }
    int query = value.indexOf('?', scheme);
    if (query >= 0) {
      return withoutPassword(value.substring(0, query)) + withoutSecretParameters(value, query);
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

  static String environmentJobName(String jobName) {
    StringBuilder sb = new StringBuilder();
    for (char c : jobName.toUpperCase(Locale.ROOT).toCharArray()) {
      sb.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
    }
    return sb.toString();
  }

  static Map<String, String> fromEnvironment(
      Map<String, String> env, Map<String, String> jobBackends) {
    // lib's own keys first: the installed backends are looked up only for a variable of theirs,
    // so a textfile job whose environment names no backend key never scans the class path.
    Map<String, String> byVariable = new TreeMap<>();
    for (String key : OWN) {
      byVariable.put(Config.environmentVariable(key), key);
    }
    boolean catalogued = false;
    Map<String, String> out = new TreeMap<>();
    String envPrefix = Config.environmentVariable(Config.PREFIX);
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().startsWith(envPrefix)) {
        continue;
      }
      String var = e.getKey();
      if (NOT_CONFIGURATION.contains(var)) {
        continue;
      }
      if (!byVariable.containsKey(var) && !catalogued) {
        for (String key : Catalogue.KNOWN) {
          byVariable.put(Config.environmentVariable(key), key);
        }
        catalogued = true;
      }
      String key = byVariable.get(var);
      if (key == null && JobKeys.isVariable(var)) {
        jobBackends.put(var, e.getValue());
        continue;
      }
      if (key == null) {
        throw Checks.invalid(
            e.getKey(), "unknown promjob environment variable; known: " + byVariable.keySet());
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw unreadable(file, Config.CONFIG_FILE, e);
    } catch (IllegalArgumentException e) { // Properties' own words name neither file nor key
      throw new IllegalArgumentException(
          "'"
              + Checks.printable(file.toString())
              + "': "
              + Config.CONFIG_FILE
              + " names a file with a malformed \\uXXXX escape",
          e);
    }
    Map<String, String> out = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.startsWith(Config.PREFIX)) {
        throw Checks.invalid(key, "key in " + file + " does not start with " + Config.PREFIX);
      }
      requireKnown(key, key + " in " + file);
      out.put(key, p.getProperty(key).trim());
    }
    return out;
  }

  static void requireKnown(String key, String shown) {
    if (JobKeys.isKey(key)) {
      return; // promjob.job.<name>.backend and the like: any job name
    }
    if (key.startsWith(Config.PREFIX) && !OWN.contains(key) && !Catalogue.KNOWN.contains(key)) {
      throw Checks.invalid(shown, "unknown promjob configuration key; known: " + Catalogue.KNOWN);
    }
    if (!key.startsWith(Config.PREFIX)) {
      throw Checks.invalid(
          shown, "not a promjob configuration key (they start with " + Config.PREFIX + ")");
    }
  }

  /**
   * A secret file's content, surrounding whitespace removed. A file that cannot be read is a
   * configuration that cannot run, refused {@code '<file>': <key> ...} with the reason in words and
   * the cause; nothing of the content is ever shown.
   */
  static String readSecret(Path file, String key) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw unreadable(file, key, e);
    }
  }

  /**
   * {@code '<file>': <key> names a file that does not exist}, and the like: the reason in words,
   * never a Java class name nor a byte of the file, with the cause for library users.
   */
  static IllegalArgumentException unreadable(Path file, String key, IOException e) {
    String why;
    if (e instanceof CharacterCodingException) {
      why = "holds bytes that are not UTF-8 text";
    } else if (e instanceof NoSuchFileException) {
      why = "names a file that does not exist";
    } else if (e instanceof AccessDeniedException) {
      why = "names a file this user cannot read (permission denied)";
    } else if (Files.isDirectory(file)) {
      why = "names a directory, not a file";
    } else {
      why = "names a file that cannot be read (" + Checks.printable("" + e.getMessage()) + ")";
    }
    return new IllegalArgumentException(
        "'" + Checks.printable(file.toString()) + "': " + key + " " + why, e);
  }
}
