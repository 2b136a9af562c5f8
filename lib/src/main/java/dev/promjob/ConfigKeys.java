package dev.promjob;

import dev.promjob.internal.Checks;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the sources name the keys of {@link KeyCatalogue}: environment variables, the properties
 * file. {@link Config} holds the values and the precedence.
 */
final class ConfigKeys {
  private ConfigKeys() {}

  /**
   * {@code PROMJOB_} variables that are not configuration: {@code promjob run} gives its command
   * the path where it writes its own metrics in {@code PROMJOB_METRICS_FILE}, and a Java job or a
   * {@code promjob write} run by that command must not take it for an unknown key and refuse to
   * start.
   */
  static final Set<String> NOT_CONFIGURATION = Set.of("PROMJOB_METRICS_FILE");

  /**
   * The file named by {@link Config#CONFIG_FILE}, then {@code env}'s {@code PROMJOB_*} variables,
   * then {@code system}'s {@code promjob.*} properties.
   */
  static Config load(Map<String, String> env, Properties system) {
    Map<String, String> named = new TreeMap<>();
    Map<String, String> fromEnv = fromEnvironment(env, named);
    Map<String, String> fromSystem = new TreeMap<>();
    for (String key : system.stringPropertyNames()) {
      if (key.startsWith(Config.PREFIX)) {
        requireKnown(key, key);
        fromSystem.put(key, system.getProperty(key));
      }
    }
    Map<String, String> merged = new TreeMap<>();
    String file = fromSystem.getOrDefault(Config.CONFIG_FILE, fromEnv.get(Config.CONFIG_FILE));
    if (file != null) {
      merged.putAll(readFile(Path.of(file)));
    }
    merged.putAll(fromEnv);
    merged.putAll(fromSystem);
    return new Config(merged, named, fromSystem.keySet());
  }

  /**
   * The {@code PROMJOB_*} variables of {@code env} as keys; those of a {@code *} key (a job's
   * backend, an integration's per-name key) go to {@code named} by variable, to be matched when the
   * key is asked for.
   *
   * @throws IllegalArgumentException naming a variable of no known key
   */
  static Map<String, String> fromEnvironment(Map<String, String> env, Map<String, String> named) {
    // lib's own keys first: the installed providers are looked up only for a variable of theirs,
    // so a textfile job whose environment names no provider's key never scans the class path.
    Map<String, String> byVariable = variables(KeyCatalogue.OWN);
    boolean catalogued = false;
    Map<String, String> out = new TreeMap<>();
    String envPrefix = Config.environmentVariable(Config.PREFIX);
    for (Map.Entry<String, String> e : env.entrySet()) {
      String var = e.getKey();
      if (!var.startsWith(envPrefix) || NOT_CONFIGURATION.contains(var)) {
        continue;
      }
      if (!byVariable.containsKey(var)
          && !KeyCatalogue.isPatternVariable(var, KeyCatalogue.OWN)
          && !catalogued) {
        byVariable = variables(KeyCatalogue.known());
        catalogued = true;
      }
      String key = byVariable.get(var);
      if (key == null
          && KeyCatalogue.isPatternVariable(
              var, catalogued ? KeyCatalogue.known() : KeyCatalogue.OWN)) {
        named.put(var, e.getValue());
        continue;
      }
      if (key == null) {
        Set<String> known = new TreeSet<>();
        KeyCatalogue.known().forEach(k -> known.add(Config.environmentVariable(k)));
        throw Checks.invalid(var, "unknown promjob environment variable; known: " + known);
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  /** The variables of the keys without {@code *}, each to its key. */
  private static Map<String, String> variables(Set<String> keys) {
    Map<String, String> byVariable = new TreeMap<>();
    for (String key : keys) {
      if (key.indexOf('*') < 0) {
        byVariable.put(Config.environmentVariable(key), key);
      }
    }
    return byVariable;
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
    if (key.startsWith(Config.PREFIX) && !KeyCatalogue.isKnown(key)) {
      throw Checks.invalid(
          shown, "unknown promjob configuration key; known: " + KeyCatalogue.known());
    }
    if (!key.startsWith(Config.PREFIX)) {
      throw Checks.invalid(
          shown, "not a promjob configuration key (they start with " + Config.PREFIX + ")");
    }
  }

  /** {@link Config#integer}'s value. */
  static java.util.OptionalInt integer(String value, String key) {
    try {
      return java.util.OptionalInt.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw Checks.invalid(value, key + " must be a whole number");
    }
  }

  /** {@link Config#secret}'s value: the text, or the file's content, never both. */
  static Optional<String> secret(
      Optional<String> text, String key, Optional<String> file, String fileKey) {
    if (text.isPresent() && file.isPresent()) {
      throw Checks.invalid(fileKey, "set either " + key + " or " + fileKey + ", not both");
    }
    return file.isEmpty() ? text : Optional.of(readSecret(Path.of(file.get()), fileKey));
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
