package dev.promjob.textformat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The values of a few gauge families for one series identity in a text that may hold many (a
 * textfile of 100 000 series, a Pushgateway's {@code /metrics} of every group): only the lines of
 * those families are parsed, with the strict reader, so a run that reads three values back does not
 * parse the whole text.
 *
 * <pre>{@code
 * Map<String, Double> found =
 *     IdentitySeries.values(in, Map.of("job_name", "backup"), "promjob_consecutive_failures");
 * }</pre>
 */
public final class IdentitySeries {
  private IdentitySeries() {}

  /**
   * The value of each of {@code families} whose series' non-empty labels are exactly {@code
   * identity}, by family; a family without one is absent.
   *
   * @throws TextFormatException if those families' lines are not valid text format
   */
  public static Map<String, Double> values(
      InputStream in, Map<String, String> identity, String... families) throws IOException {
    return values(in, null, identity, families);
  }

  /**
   * As {@link #values(InputStream, Map, String...)}, reading no further than the line {@code stop}
   * (without its newline; null: to the end), after which the writer put none of {@code families}.
   */
  public static Map<String, Double> values(
      InputStream in, byte[] stop, Map<String, String> identity, String... families)
      throws IOException {
    Map<String, Double> found = new HashMap<>(4);
    TextFormat.parse(
        new ByteArrayInputStream(linesOf(in, stop, families)),
        // An anonymous class, not a lambda: a lambda costs a cold process about 1 ms on first use.
        new TextFormat.SampleHandler() {
          @Override
          public void sample(
              String family, String sample, String[] names, String[] values, int n, double value) {
            if (matches(identity, names, values, n)) {
              found.put(sample, value);
            }
          }
        });
    return found;
  }

  /**
   * The HELP, TYPE and sample lines of {@code families} (no suffixes: they are gauges), in order.
   */
  public static byte[] linesOf(InputStream in, String... families) throws IOException {
    return linesOf(in, null, families);
  }

  /** As {@link #linesOf(InputStream, String...)}, up to the line {@code stop} if not null. */
  public static byte[] linesOf(InputStream in, byte[] stop, String... families) throws IOException {
    byte[][] help = new byte[families.length][];
    byte[][] type = new byte[families.length][];
    byte[][] sample = new byte[families.length][];
    int longest = stop == null ? 0 : stop.length;
    for (int f = 0; f < families.length; f++) {
      sample[f] = families[f].getBytes(StandardCharsets.US_ASCII);
      help[f] = ("# HELP " + families[f] + " ").getBytes(StandardCharsets.US_ASCII);
      type[f] = ("# TYPE " + families[f] + " ").getBytes(StandardCharsets.US_ASCII);
      longest = Math.max(longest, help[f].length);
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream(256);
    byte[] head = new byte[longest]; // the longest prefix (a TYPE is as long as its HELP): decides
    int n = 0; // bytes of the current line's start held in head
    boolean decided = false;
    boolean keep = false;
    byte[] buf = new byte[1 << 16];
    for (int read; (read = in.read(buf)) != -1; ) {
      for (int i = 0; i < read; i++) {
        byte c = buf[i];
        if (c == '\n') {
          if (!decided && stop != null && n == stop.length && startsWith(head, n, stop)) {
            return kept.toByteArray();
          }
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
          if (n == head.length) {
            decided = true;
            keep = keeps(head, n, help, type, sample);
            if (keep) {
              kept.write(head, 0, n);
              kept.write(c);
            }
          } else {
            head[n++] = c;
          }
        } else if (keep) {
          kept.write(c);
        } else {
          // Neither kept nor the stop line: on to its end without looking at each byte twice.
          while (i + 1 < read && buf[i + 1] != '\n') {
            i++;
          }
        }
      }
    }
    if (!decided && keeps(head, n, help, type, sample)) {
      kept.write(head, 0, n); // a last line without newline: the parser says what is wrong
    }
    return kept.toByteArray();
  }

  private static boolean keeps(byte[] head, int n, byte[][] help, byte[][] type, byte[][] sample) {
    for (int f = 0; f < help.length; f++) {
      if (startsWith(head, n, help[f])
          || startsWith(head, n, type[f])
          || startsWith(head, n, sample[f])
              && n > sample[f].length
              && (head[sample[f].length] == '{' || head[sample[f].length] == ' ')) {
        return true;
      }
    }
    return false;
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

  /**
   * Whether a sample's labels ({@code n} of {@code names} and {@code values}, as {@link
   * TextFormat.SampleHandler} has them) are exactly {@code identity}, an empty label being an
   * absent one as Prometheus has it.
   */
  public static boolean matches(
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
}
