package dev.promjob.textfile;

import dev.promjob.Job;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Maps a job to its file name: {@code <job>[@<label>=<value>]....prom}, each part percent-encoded
 * byte by byte outside {@code [a-z0-9_.-]} (and a leading dot encoded, so the file is never
 * hidden), with an upper-case letter written as {@code !} and the letter in lower case. The mapping
 * is deterministic and injective even where the file system ignores case (Windows, macOS): {@code
 * Backup} is {@code !backup.prom}, {@code backup} is {@code backup.prom}. The result is a single
 * path element that cannot leave the directory ({@code /}, {@code \}, NUL and {@code ..} all come
 * out encoded or harmless) and that Windows can create: a name whose first part is a device name
 * ({@code con}, {@code nul}, {@code com1}...) has its first letter encoded. Names too long for a
 * file system keep a readable prefix and a hash of the whole.
 */
final class FileNames {
  static final String SUFFIX = ".prom";

  /**
   * Encoded names longer than this are cut and hashed; with temp decorations they stay far below
   * 255 bytes.
   */
  static final int MAX_BASE = 160;

  private static final int KEPT_WHEN_CUT = 120;

  private FileNames() {}

  /**
   * Windows' reserved device names: {@code nul.prom}, even {@code nul.x.prom}, cannot be created.
   */
  private static final Set<String> DEVICES =
      Set.of(
          "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6",
          "com7", "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
          "lpt8", "lpt9");

  /** The file's name without {@code .prom}. */
  static String base(Job job) {
    return base(job, false);
  }

  /**
   * The name promjob 0.1 gave the job's file (upper case kept as it is, device names not avoided),
   * so that the first write under the current name can remove the old file.
   */
  static String legacyBase(Job job) {
    return base(job, true);
  }

  private static String base(Job job, boolean legacy) {
    StringBuilder sb = new StringBuilder();
    encode(job.name(), sb, legacy);
    if (!legacy) {
      avoidDevice(sb);
    }
    for (Map.Entry<String, String> e : job.groupingLabels().entrySet()) {
      sb.append('@');
      encode(e.getKey(), sb, legacy);
      sb.append('=');
      encode(e.getValue(), sb, legacy);
    }
    if (sb.length() <= MAX_BASE) {
      return sb.toString();
    }
    return sb.substring(0, KEPT_WHEN_CUT) + "~" + sha256(sb.toString()).substring(0, 16);
  }

  static String fileName(Job job) {
    return base(job) + SUFFIX;
  }

  /** Encodes the first letter of a job name that Windows would take for a device. */
  private static void avoidDevice(StringBuilder sb) {
    String first = sb.toString().split("\\.", 2)[0]; // nul.x.prom is the device too
    if (DEVICES.contains(first)) {
      char c = sb.charAt(0);
      sb.replace(0, 1, "%" + hex(c >> 4) + hex(c & 0xf));
    }
  }

  private static char hex(int digit) {
    return Character.toUpperCase(Character.forDigit(digit, 16));
  }

  private static void encode(String s, StringBuilder sb, boolean legacy) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z' && !legacy) {
        // Case-insensitive file systems would fold Backup and backup into one file.
        sb.append('!').append((char) (c - 'A' + 'a'));
        continue;
      }
      boolean plain =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '_'
              || c == '-'
              || c == '.' && sb.length() > 0;
      if (plain) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
