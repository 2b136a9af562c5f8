package dev.promjob.textfile;

import dev.promjob.BatchMetrics;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads a job's last success timestamp back from a previous report (a textfile, or a Pushgateway's
 * {@code /metrics}), so that a failed run can carry it forward instead of erasing it.
 */
final class LastSuccess {
  private LastSuccess() {}

  /**
   * True if some series of the input carries exactly {@code identity} (a file of this job, not of
   * another whose file name folds to the same on a case-insensitive file system).
   *
   * @throws TextFormatException if the input is not valid text format
   */
  public static boolean holdsSeriesOf(InputStream in, Map<String, String> identity)
      throws IOException {
    boolean[] seen = {false};
    TextFormat.parse(
        in,
        (family, sample, names, values, n, value) -> {
          if (!seen[0] && sample.equals(BatchMetrics.LAST_COMPLETION)) {
            seen[0] = matches(identity, names, values, n);
          }
        });
    return seen[0];
  }

  /** The HELP, TYPE and sample lines of {@code family} (no suffixes: it is a gauge), in order. */
  static byte[] linesOf(InputStream in, String family) throws IOException {
    byte[] sample = family.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] help = ("# HELP " + family + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] type = ("# TYPE " + family + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(256);
    byte[] head = new byte[help.length]; // the longest prefix (TYPE is as long): it decides
    int n = 0; // bytes of the current line's start held in head
    boolean decided = false;
    boolean keep = false;
    byte[] buf = new byte[1 << 16];
    for (int read; (read = in.read(buf)) != -1; ) {
      for (int i = 0; i < read; i++) {
        byte c = buf[i];
        if (c == '\n') {
          if (!decided && keeps(head, n, help, type, sample)) {
            kept.write(head, 0, n);
            keep = true;
          }
          if (keep) {
            kept.write('\n');
          }
          n = 0;
          decided = false;
          keep = false;
        } else if (!decided) {
          head[n++] = c;
          if (n == head.length) {
            decided = true;
            keep = keeps(head, n, help, type, sample);
            if (keep) {
              kept.write(head, 0, n);
            }
          }
        } else if (keep) {
          kept.write(c);
        }
      }
    }
    if (!decided && keeps(head, n, help, type, sample)) {
      kept.write(head, 0, n); // a last line without newline: the parser says what is wrong
    }
    return kept.toByteArray();
  }

  private static boolean keeps(byte[] head, int n, byte[] help, byte[] type, byte[] sample) {
    return startsWith(head, n, help)
        || startsWith(head, n, type)
        || startsWith(head, n, sample)
            && n > sample.length
            && (head[sample.length] == '{' || head[sample.length] == ' ');
  }

  private static boolean startsWith(byte[] line, int n, byte[] prefix) {
    if (n < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (line[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(
      Map<String, String> identity, String[] names, String[] values, int n) {
    int matched = 0;
    for (int i = 0; i < n; i++) {
      if (values[i].isEmpty()) {
        continue;
      }
      if (!values[i].equals(identity.get(names[i]))) {
        return false;
      }
      matched++;
    }
    return matched == identity.size();
  }

  /**
   * The value of {@value BatchMetrics#LAST_SUCCESS} whose non-empty labels are exactly {@code
   * identity} (an empty label is an absent one, as Prometheus has it).
   *
   * @throws TextFormatException if the input is not valid text format
   */
  public static OptionalDouble find(InputStream in, Map<String, String> identity)
      throws IOException {
    double[] found = {Double.NaN};
    boolean[] seen = {false};
    // Only the last success family's lines are parsed: every run reads the previous file, and a
    // 100 000-series file would otherwise be parsed whole on each write for one value.
    TextFormat.parse(
        new java.io.ByteArrayInputStream(linesOf(in, BatchMetrics.LAST_SUCCESS)),
        (family, sample, names, values, n, value) -> {
          if (sample.equals(BatchMetrics.LAST_SUCCESS) && matches(identity, names, values, n)) {
            found[0] = value;
            seen[0] = true;
          }
        });
    return seen[0] ? OptionalDouble.of(found[0]) : OptionalDouble.empty();
  }
}
