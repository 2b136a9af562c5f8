package dev.promjob.internal;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Adds a job's identity labels to every sample line of client_java's text format as it streams
 * through: the same bytes as writing snapshots whose data points carry the labels, without copying
 * every data point first (a 100 000-series report spent more in that copy than in this pass).
 *
 * <p>Labels are inserted in name order among the line's own, before the label client_java appends
 * last ({@code le} of histogram buckets, {@code quantile} of summaries, the state of a state set).
 * Input must be what client_java's Prometheus text writer produces.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class IdentityLabelsOutputStream extends LinesOutputStream {
  private final String[] names;
  private final byte[][] pairs; // name="escaped value", by name
  private final Set<String> stateSets = new HashSet<>();
  // The line being read: src[from, to), in the caller's array when whole there, else a copy.
  private byte[] src;
  private byte[] family = new byte[0];
  private String type = "";
  private boolean stateSet;
  private int[] starts = new int[16];
  private int[] nameEnds = new int[16];
  private int[] ends = new int[16];

  /**
   * @param identity the labels every sample gets
   * @param snapshots what will be written: state sets look like gauges in the text, and their
   *     appended state label must be told from a gauge's own label of the same name
   */
  public IdentityLabelsOutputStream(OutputStream out, Labels identity, MetricSnapshots snapshots) {
    super(out);
    for (MetricSnapshot s : snapshots) {
      if (s instanceof StateSetSnapshot) {
        stateSets.add(s.getMetadata().getPrometheusName());
      }
    }
    names = new String[identity.size()];
    pairs = new byte[identity.size()][];
    for (int i = 0; i < identity.size(); i++) {
      names[i] = identity.getName(i);
      pairs[i] =
          (identity.getName(i) + "=\"" + escape(identity.getValue(i)) + "\"")
              .getBytes(StandardCharsets.UTF_8);
    }
  }

  @Override
  void line(byte[] b, int from, int to) throws IOException {
    src = b;
    if (b[from] == '#') {
      noteType(from, to);
      emit(b, from, to - from);
    } else if (to - from == 1) {
      emit((byte) '\n'); // a blank line: client_java writes none, pass it through
    } else {
      writeSample(from, to);
    }
  }

  /** {@code # TYPE name type}: the family the next samples belong to. */
  private void noteType(int from, int to) {
    if (to - from > 7 && src[from + 2] == 'T' && startsWith(from, "# TYPE ")) {
      int nameEnd = indexOf((byte) ' ', from + 7);
      family = Arrays.copyOfRange(src, from + 7, nameEnd);
      type = new String(src, nameEnd + 1, to - nameEnd - 2, StandardCharsets.US_ASCII);
      stateSet = stateSets.contains(new String(family, StandardCharsets.US_ASCII));
    }
  }

  private void writeSample(int from, int to) throws IOException {
    int nameEnd = from;
    while (src[nameEnd] != '{' && src[nameEnd] != ' ') {
      nameEnd++;
    }
    emit(src, from, nameEnd - from);
    emit((byte) '{');
    if (src[nameEnd] == ' ') {
      writeMerged(0, false);
      emit((byte) '}');
      requireNoTimestamp(nameEnd, to);
      emit(src, nameEnd, to - nameEnd);
      return;
    }
    // Spans of the line's labels: name="value", values with \" escapes.
    int k = 0;
    int i = nameEnd + 1;
    while (src[i] != '}') {
      if (k == starts.length) {
        starts = Arrays.copyOf(starts, k * 2);
        nameEnds = Arrays.copyOf(nameEnds, k * 2);
        ends = Arrays.copyOf(ends, k * 2);
      }
      starts[k] = i;
      while (src[i] != '=') {
        i++;
      }
      nameEnds[k] = i;
      i += 2; // ="
      while (src[i] != '"') {
        i += src[i] == '\\' ? 2 : 1;
      }
      ends[k++] = ++i;
      if (src[i] == ',') {
        i++;
      }
    }
    writeMerged(k, isAppended(k, nameEnd - from, nameEnd));
    requireNoTimestamp(i + 1, to);
    emit(src, i, to - i); // "} value\n"
  }

  /**
   * Refuses a sample with a timestamp, {@code src[blank, to)} being " value\n": node_exporter skips
   * a whole file for one, and the text of a report is not read back to find it.
   */
  private void requireNoTimestamp(int blank, int to) throws IOException {
    for (int x = blank + 1; x < to - 1; x++) {
      if (src[x] == ' ') {
        throw new IOException(
            "'"
                + new String(src, blank + 1, to - blank - 2, StandardCharsets.UTF_8)
                + "': a sample has a timestamp: node_exporter skips the whole file");
      }
    }
  }

  /** Whether the line's last label is one client_java appends after the sorted ones. */
  private boolean isAppended(int k, int nameLength, int nameEnd) {
    if (k == 0) {
      return false;
    }
    return switch (type) {
      case "histogram", "gaugehistogram" ->
          compareName(k - 1, "le") == 0 && endsWith(nameEnd, "_bucket");
      case "summary" -> compareName(k - 1, "quantile") == 0 && nameLength == family.length;
      case "gauge" ->
          stateSet && Arrays.equals(src, starts[k - 1], nameEnds[k - 1], family, 0, family.length);
      default -> false;
    };
  }

  private void writeMerged(int k, boolean appended) throws IOException {
    int sorted = appended ? k - 1 : k;
    int j = 0;
    boolean first = true;
    for (int l = 0; l < sorted; l++) {
      while (j < names.length) {
        int d = compareName(l, names[j]);
        if (d < 0) {
          break;
        }
        if (d == 0) {
          throw twice(l);
        }
        first = separator(first);
        emit(pairs[j], 0, pairs[j].length);
        j++;
      }
      first = separator(first);
      emit(src, starts[l], ends[l] - starts[l]);
    }
    while (j < names.length) {
      first = separator(first);
      emit(pairs[j], 0, pairs[j].length);
      j++;
    }
    if (appended) {
      for (String name : names) {
        if (compareName(k - 1, name) == 0) {
          throw twice(k - 1);
        }
      }
      separator(first);
      emit(src, starts[k - 1], ends[k - 1] - starts[k - 1]);
    }
  }

  /**
   * A label of the line that the identity has too: the line would carry it twice, and node_exporter
   * skips a whole file for that.
   */
  private IOException twice(int l) {
    return new IOException(
        "'"
            + new String(src, starts[l], nameEnds[l] - starts[l], StandardCharsets.UTF_8)
            + "': label of family "
            + new String(family, StandardCharsets.UTF_8)
            + " is also one of the labels the report adds to every series");
  }

  private boolean separator(boolean first) throws IOException {
    if (!first) {
      emit((byte) ',');
    }
    return false;
  }

  /** Label {@code l}'s name against {@code name}, as String.compareTo (names are ASCII). */
  private int compareName(int l, String name) {
    int len = nameEnds[l] - starts[l];
    int n = Math.min(len, name.length());
    for (int x = 0; x < n; x++) {
      int d = src[starts[l] + x] - name.charAt(x);
      if (d != 0) {
        return d;
      }
    }
    return len - name.length();
  }

  private boolean startsWith(int from, String prefix) {
    for (int x = 0; x < prefix.length(); x++) {
      if (src[from + x] != prefix.charAt(x)) {
        return false;
      }
    }
    return true;
  }

  private boolean endsWith(int end, String suffix) {
    int from = end - suffix.length();
    if (from < 0) {
      return false;
    }
    for (int x = 0; x < suffix.length(); x++) {
      if (src[from + x] != suffix.charAt(x)) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(byte b, int from) {
    int x = from;
    while (src[x] != b) {
      x++;
    }
    return x;
  }

  /** As client_java escapes label values: backslash, double quote, newline. */
  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
