package dev.promjob.spring;

import dev.promjob.Config;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Spring's spellings of promjob's keys: a property name matches a key segment by segment, case,
 * {@code -} and {@code _} aside ({@code lock-timeout}, {@code lockTimeout}, {@code lock_timeout});
 * an environment variable is lib's ({@code PROMJOB_TEXTFILE_LOCK_TIMEOUT}) or Spring's ({@code
 * PROMJOB_TEXTFILE_LOCKTIMEOUT}) form of a key.
 */
final class Names {
  private Names() {}

  /**
   * The key {@code name} spells: a known key, or an instance of a {@code *} key with the name as
   * the source spells it ({@code promjob.batch.job.importJob.enabled}); a list's index ({@code
   * labels[0]}) is the list's key.
   */
  static Optional<String> key(String name, Set<String> known) {
    String[] given = name.replaceAll("\\[[^\\]]*\\]$", "").split("\\.", -1);
    for (String key : known) {
      String[] k = key.split("\\.");
      if (key.indexOf('*') < 0 && k.length == given.length && same(k, 0, given, 0, k.length)) {
        return Optional.of(key);
      }
    }
    for (String key : known) {
      int star = key.indexOf('*');
      if (star < 0) {
        continue;
      }
      String[] k = key.split("\\.");
      int before = key.substring(0, star).split("\\.").length;
      int after = k.length - before - 1;
      if (given.length > before + after
          && same(k, 0, given, 0, before)
          && same(k, before + 1, given, given.length - after, after)) {
        String between =
            String.join(".", java.util.Arrays.copyOfRange(given, before, given.length - after));
        return Optional.of(key.substring(0, star) + between + key.substring(star + 1));
      }
    }
    return Optional.empty();
  }

  private static boolean same(String[] a, int from, String[] b, int bFrom, int count) {
    for (int i = 0; i < count; i++) {
      if (!uniform(a[from + i]).equals(uniform(b[bFrom + i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * For a variable of a known key: empty text if it is a key without {@code *} (looked up by name
   * with the others), else lib's form of the variable of a {@code *} key, kept until a job asks.
   * Empty if no key has this variable.
   */
  static Optional<String> variable(String var, Set<String> known) {
    for (String key : known) {
      if (key.indexOf('*') < 0
          && (var.equals(Config.environmentVariable(key)) || var.equals(spring(key)))) {
        return Optional.of("");
      }
    }
    for (String key : known) {
      int star = key.indexOf('*');
      if (star < 0) {
        continue;
      }
      String prefix = key.substring(0, star);
      String suffix = key.substring(star + 1);
      for (boolean libForm : new boolean[] {true, false}) {
        String p = libForm ? Config.environmentVariable(prefix) : spring(prefix);
        String s = libForm ? Config.environmentVariable(suffix) : spring(suffix);
        if (var.startsWith(p) && var.endsWith(s) && var.length() > p.length() + s.length()) {
          return Optional.of(
              Config.environmentVariable(prefix)
                  + var.substring(p.length(), var.length() - s.length())
                  + Config.environmentVariable(suffix));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * lib's variable of an instance of a {@code *} key: {@code PROMJOB_JOB_DB_BACKUP_V2_BACKEND} for
   * {@code promjob.job.db-backup.v2.backend}.
   */
  static String libVariable(String instance, Set<String> known) {
    for (String key : known) {
      int star = key.indexOf('*');
      String prefix = star < 0 ? null : key.substring(0, star);
      String suffix = star < 0 ? null : key.substring(star + 1);
      if (star >= 0
          && instance.startsWith(prefix)
          && instance.endsWith(suffix)
          && instance.length() > prefix.length() + suffix.length()) {
        String name = instance.substring(prefix.length(), instance.length() - suffix.length());
        StringBuilder sb = new StringBuilder(Config.environmentVariable(prefix));
        for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
          sb.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
        }
        return sb.append(Config.environmentVariable(suffix)).toString();
      }
    }
    return Config.environmentVariable(instance);
  }

  /** Spring's variable of {@code key}: {@code .} as {@code _}, {@code -} and {@code _} dropped. */
  static String spring(String key) {
    return key.replace("-", "").replace("_", "").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** A name as Spring compares it: lower case, without {@code -} and {@code _}. */
  static String uniform(String name) {
    return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  /** Levenshtein distance of the uniform forms without dots, to name the keys nearest a name. */
  static int distance(String name, String key) {
    String a = uniform(name).replace(".", "");
    String b = uniform(key).replace(".", "");
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
