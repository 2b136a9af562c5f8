package dev.promjob.internal;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import java.io.FilterOutputStream;
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
public final class IdentityLabelsOutputStream extends FilterOutputStream {
  private final String[] names;
  private final byte[][] pairs; // name="escaped value", by name
  private byte[] line = new byte[256];
  private int length;
  private byte[] family = new byte[0];
  private String type = "";
  private boolean stateSet;
  private final Set<String> stateSets = new HashSet<>();
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
  public void write(int b) throws IOException {
    if (length == line.length) {
      line = Arrays.copyOf(line, length * 2);
    }
    line[length++] = (byte) b;
    if (b == '\n') {
      flushLine();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    for (int i = off; i < end; i++) {
      int from = i;
      while (i < end && b[i] != '\n') {
        i++;
      }
      int n = i - from + (i < end ? 1 : 0);
      if (length + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
      }
      System.arraycopy(b, from, line, length, n);
      length += n;
      if (i < end) {
        flushLine();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (length > 0) {
      throw new IOException("text ends without a newline");
    }
    out.close();
  }

  private void flushLine() throws IOException {
    if (line[0] == '#') {
      noteType();
      out.write(line, 0, length);
    } else if (length == 1) {
      out.write('\n'); // a blank line: client_java writes none, pass it through
    } else {
      writeSample();
    }
    length = 0;
  }

  /** {@code # TYPE name type}: the family the next samples belong to. */
  private void noteType() {
    if (length > 7 && line[2] == 'T' && startsWith("# TYPE ")) {
      int nameEnd = indexOf((byte) ' ', 7);
      family = Arrays.copyOfRange(line, 7, nameEnd);
      type = new String(line, nameEnd + 1, length - nameEnd - 2, StandardCharsets.US_ASCII);
      stateSet = stateSets.contains(new String(family, StandardCharsets.US_ASCII));
    }
  }

  private void writeSample() throws IOException {
    int nameEnd = 0;
    while (line[nameEnd] != '{' && line[nameEnd] != ' ') {
      nameEnd++;
    }
    out.write(line, 0, nameEnd);
    out.write('{');
    if (line[nameEnd] == ' ') {
      writeMerged(0, nameEnd, false);
      out.write('}');
      out.write(line, nameEnd, length - nameEnd);
      return;
    }
    // Spans of the line's labels: name="value", values with \" escapes.
    int k = 0;
    int i = nameEnd + 1;
    while (line[i] != '}') {
      if (k == starts.length) {
        starts = Arrays.copyOf(starts, k * 2);
        nameEnds = Arrays.copyOf(nameEnds, k * 2);
        ends = Arrays.copyOf(ends, k * 2);
      }
      starts[k] = i;
      while (line[i] != '=') {
        i++;
      }
      nameEnds[k] = i;
      i += 2; // ="
      while (line[i] != '"') {
        i += line[i] == '\\' ? 2 : 1;
      }
      ends[k++] = ++i;
      if (line[i] == ',') {
        i++;
      }
    }
    writeMerged(k, nameEnd, isAppended(k, nameEnd));
    out.write(line, i, length - i); // "} value\n"
  }

  /** Whether the line's last label is one client_java appends after the sorted ones. */
  private boolean isAppended(int k, int nameEnd) {
    if (k == 0) {
      return false;
    }
    return switch (type) {
      case "histogram", "gaugehistogram" ->
          compareName(k - 1, "le") == 0 && endsWith(nameEnd, "_bucket");
      case "summary" -> compareName(k - 1, "quantile") == 0 && nameEnd == family.length;
      case "gauge" ->
          stateSet && Arrays.equals(line, starts[k - 1], nameEnds[k - 1], family, 0, family.length);
      default -> false;
    };
  }

  private void writeMerged(int k, int nameEnd, boolean appended) throws IOException {
    int sorted = appended ? k - 1 : k;
    int j = 0;
    boolean first = true;
    for (int l = 0; l < sorted; l++) {
      while (j < names.length && compareName(l, names[j]) > 0) {
        first = separator(first);
        out.write(pairs[j++]);
      }
      first = separator(first);
      out.write(line, starts[l], ends[l] - starts[l]);
    }
    while (j < names.length) {
      first = separator(first);
      out.write(pairs[j++]);
    }
    if (appended) {
      separator(first);
      out.write(line, starts[k - 1], ends[k - 1] - starts[k - 1]);
    }
  }

  private boolean separator(boolean first) throws IOException {
    if (!first) {
      out.write(',');
    }
    return false;
  }

  /** Label {@code l}'s name against {@code name}, as String.compareTo (names are ASCII). */
  private int compareName(int l, String name) {
    int len = nameEnds[l] - starts[l];
    int n = Math.min(len, name.length());
    for (int x = 0; x < n; x++) {
      int d = line[starts[l] + x] - name.charAt(x);
      if (d != 0) {
        return d;
      }
    }
    return len - name.length();
  }

  private boolean startsWith(String prefix) {
    for (int x = 0; x < prefix.length(); x++) {
      if (line[x] != prefix.charAt(x)) {
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
      if (line[from + x] != suffix.charAt(x)) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(byte b, int from) {
    int x = from;
    while (line[x] != b) {
      x++;
    }
    return x;
  }

  /** As client_java escapes label values: backslash, double quote, newline. */
  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
