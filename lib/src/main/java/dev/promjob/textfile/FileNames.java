package dev.promjob.textfile;

import dev.promjob.Job;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Maps a job to its file name: {@code <job>[@<label>=<value>]....prom}, each part percent-encoded
 * byte by byte outside {@code [A-Za-z0-9_.-]} (and a leading dot encoded, so the file is never
 * hidden). The mapping is deterministic and injective, and the result is a single path element
 * that cannot leave the directory: {@code /}, {@code \}, NUL and {@code ..} all come out encoded
 * or harmless. Names too long for a file system keep a readable prefix and a hash of the whole.
 */
final class FileNames {
  static final String SUFFIX = ".prom";

  /** Encoded names longer than this are cut and hashed; with temp decorations they stay far below 255 bytes. */
  static final int MAX_BASE = 160;

  private static final int KEPT_WHEN_CUT = 120;

  private FileNames() {}

  /** The file's name without {@code .prom}. */
  static String base(Job job) {
    StringBuilder sb = new StringBuilder();
    encode(job.name(), sb);
    for (Map.Entry<String, String> e : job.groupingLabels().entrySet()) {
      sb.append('@');
      encode(e.getKey(), sb);
      sb.append('=');
      encode(e.getValue(), sb);
    }
    if (sb.length() <= MAX_BASE) {
      return sb.toString();
    }
    return sb.substring(0, KEPT_WHEN_CUT) + "~" + sha256(sb.toString()).substring(0, 16);
  }

  static String fileName(Job job) {
    return base(job) + SUFFIX;
  }

  private static void encode(String s, StringBuilder sb) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
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
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
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
