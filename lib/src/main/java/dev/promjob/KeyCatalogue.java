package dev.promjob;

import dev.promjob.internal.Log;
import dev.promjob.spi.BackendProvider;
import dev.promjob.spi.ConfigKeysProvider;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Which keys exist and which are secret: lib's own, those the installed backends declare ({@link
 * BackendProvider#keys()}) and those of the installed integrations ({@link ConfigKeysProvider}),
 * alike. A key may hold one {@code *} segment standing for a name ({@code promjob.job.*.backend}).
 */
final class KeyCatalogue {
  private KeyCatalogue() {}

  /** lib's own keys, the per-job ones with {@code *} for the job's name. */
  static final Set<String> OWN = own();

  private static Set<String> own() {
    Set<String> own =
        new TreeSet<>(
            Set.of(
                Config.CONFIG_FILE,
                Config.TEXTFILE_DIR,
                Config.TEXTFILE_MODE,
                Config.TEXTFILE_GUARD,
                Config.TEXTFILE_LOCK_TIMEOUT,
                Config.REPORT_ERRORS,
                Config.BACKEND,
                Config.SHUTDOWN_REPORT,
                Config.SHUTDOWN_TIMEOUT));
    for (String suffix : JobKeys.SUFFIXES) {
      own.add(JobKeys.PREFIX + "*" + suffix);
    }
    return Collections.unmodifiableSet(own);
  }

  /**
   * Every key known in this JVM, found once with {@link ServiceLoader} in lib's class loader and
   * the thread's context class loader (a provider that cannot be loaded adds none; the reporter
   * names a backend's when a job needs it). Loaded on first need only: a job whose configuration
   * names only lib's keys never scans the class path.
   */
  private static final class All {
    static final Set<String> KNOWN;
    static final Set<String> SECRET;

    static {
      Set<String> known = new TreeSet<>(OWN);
      Set<String> secret = new TreeSet<>();
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      for (ClassLoader loader : new ClassLoader[] {KeyCatalogue.class.getClassLoader(), context}) {
        if (loader == null) {
          continue;
        }
        BiConsumer<Set<String>, Set<String>> add =
            (keys, secrets) -> {
              for (String key : keys) {
                if (wellFormed(key)) {
                  known.add(key);
                  if (secrets.contains(key)) {
                    secret.add(key);
                  }
                } else {
                  Log.log(
                      Level.WARNING,
                      "'" + key + "': a promjob key provider declares a key that cannot be set");
                }
              }
            };
        each(BackendProvider.class, loader, p -> add.accept(p.keys(), p.secretKeys()));
        each(ConfigKeysProvider.class, loader, p -> add.accept(p.keys(), p.secretKeys()));
      }
      KNOWN = Collections.unmodifiableSet(known);
      SECRET = Collections.unmodifiableSet(secret);
    }
  }

  private static <P> void each(
      Class<P> type, ClassLoader loader, java.util.function.Consumer<P> found) {
    Iterator<P> it = ServiceLoader.load(type, loader).iterator();
    while (true) {
      P provider;
      try {
        if (!it.hasNext()) {
          return;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        continue; // one that fails to load never hides the others
      }
      try {
        found.accept(provider);
      } catch (RuntimeException | LinkageError e) {
        // a broken provider adds no keys; the reporter names a backend's when a job needs it
      }
    }
  }

  /** Under {@code promjob.}, with at most one {@code *}, and that one a whole segment. */
  static boolean wellFormed(String key) {
    if (key == null || !key.startsWith(Config.PREFIX) || key.length() == Config.PREFIX.length()) {
      return false;
    }
    int star = key.indexOf('*');
    if (star < 0) {
      return true;
    }
    return key.indexOf('*', star + 1) < 0
        && key.charAt(star - 1) == '.'
        && (star == key.length() - 1 || key.charAt(star + 1) == '.');
  }

  /** Every key known in this JVM, sorted. */
  static Set<String> known() {
    return All.KNOWN;
  }

  /** True for keys whose values are secrets, never to be shown or logged. */
  static boolean isSecret(String key) {
    // lib's own keys hold no secret: the providers are asked only about theirs.
    if (OWN.contains(key)) {
      return false;
    }
    if (All.SECRET.contains(key)) {
      return true;
    }
    return pattern(key, All.SECRET).isPresent();
  }

  /** True if {@code key} is a known key or names one of a known {@code *} key. */
  static boolean isKnown(String key) {
    return OWN.contains(key)
        || pattern(key, OWN).isPresent()
        || All.KNOWN.contains(key)
        || pattern(key, All.KNOWN).isPresent();
  }

  /**
   * The {@code *} key among {@code keys} that {@code key} names an instance of ({@code
   * promjob.job.*.backend} for {@code promjob.job.nightly.backend}); lib's own first.
   */
  static Optional<String> pattern(String key, Set<String> keys) {
    for (String p : keys) {
      int star = p.indexOf('*');
      if (star >= 0 && matches(key, p.substring(0, star), p.substring(star + 1))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The known {@code *} key {@code key} is an instance of, lib's own first. */
  static Optional<String> patternOf(String key) {
    Optional<String> own = pattern(key, OWN);
    return own.isPresent() || All.KNOWN.contains(key) ? own : pattern(key, All.KNOWN);
  }

  private static boolean matches(String s, String prefix, String suffix) {
    return s.startsWith(prefix)
        && s.endsWith(suffix)
        && s.length() > prefix.length() + suffix.length();
  }

  /**
   * The environment variable of {@code key}: upper-cased, {@code .} and {@code -} as {@code _}; for
   * an instance of a {@code *} key, the name upper-cased with every character outside {@code
   * [A-Z0-9]} as {@code _} ({@code PROMJOB_JOB_DB_BACKUP_V2_BACKEND}).
   */
  static String variable(String key) {
    Optional<String> p = OWN.contains(key) ? Optional.empty() : patternOf(key);
    if (p.isEmpty()) {
      return Config.environmentVariable(key);
    }
    int star = p.get().indexOf('*');
    String suffix = p.get().substring(star + 1);
    String name = key.substring(star, key.length() - suffix.length());
    return Config.environmentVariable(p.get().substring(0, star))
        + environmentName(name)
        + Config.environmentVariable(suffix);
  }

  /** True if {@code var} is the variable of an instance of one of the {@code *} keys. */
  static boolean isPatternVariable(String var, Set<String> keys) {
    for (String p : keys) {
      int star = p.indexOf('*');
      if (star >= 0
          && matches(
              var,
              Config.environmentVariable(p.substring(0, star)),
              Config.environmentVariable(p.substring(star + 1)))) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code var} is the variable of an instance of a secret {@code *} key. */
  static boolean isSecretVariable(String var) {
    return isPatternVariable(var, All.SECRET);
  }

  static String environmentName(String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
      sb.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
    }
    return sb.toString();
  }
}
