package dev.promjob.cli;

import dev.promjob.textformat.Clashes;
import dev.promjob.textformat.TextFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series of the files read so far, under the two identities that decide what arrives.
 * node_exporter 1.5 first gives each series of a family the label names the family's other series
 * in the same file have (empty), then compares every label, empty ones too: it drops the later of
 * two equal series. Prometheus drops empty labels: of two series that differ only there,
 * node_exporter serves both and Prometheus stores one.
 */
final class SeriesSeen {
  /** One sample as parsed (arrays copied). */
  record Sample(String family, String name, String[] labelNames, String[] labelValues, int line) {}

  private final Map<String, String> byNodeExporter = new HashMap<>(); // key -> "file:line"
  private final Map<String, String> byPrometheus = new HashMap<>();

  /** The duplicates among one file's samples and against the earlier files'; then they are seen. */
  List<Finding> add(Path p, List<Sample> samples, Map<String, TextFormat.Family> families) {
    Map<String, Set<String>> labelsOfFamily = new HashMap<>();
    for (Sample s : samples) {
      Set<String> names = labelsOfFamily.computeIfAbsent(s.family(), f -> new TreeSet<>());
      for (String n : s.labelNames()) {
        if (!TextFormat.isBound(families.get(s.family()).type(), n)) {
          names.add(n);
        }
      }
    }
    String file = p.getFileName().toString();
    List<Finding> out = new ArrayList<>();
    for (Sample s : samples) {
      String where = file + ":" + s.line();
      String series =
          Clashes.seriesKey(s.name(), s.labelNames(), s.labelValues(), s.labelNames().length);
      String first = byNodeExporter.putIfAbsent(nodeExportersKey(s, labelsOfFamily), where);
      String stored = byPrometheus.putIfAbsent(series, where);
      if (first != null) {
        out.add(
            duplicate(
                p,
                s.line(),
                series,
                first,
                ": node_exporter serves the first and drops this one, with"
                    + " node_textfile_scrape_error 0"));
      } else if (stored != null) {
        out.add(
            duplicate(
                p,
                s.line(),
                series,
                stored,
                ", but for an empty label: node_exporter serves both, and Prometheus, to which an"
                    + " empty label is none, stores the one served first and drops the other as a"
                    + " duplicate sample"));
      }
    }
    return out;
  }

  private static Finding duplicate(Path p, int line, String series, String other, String effect) {
    return new Finding(
        p, line, "duplicate-series", "series " + series + " is also at " + other + effect);
  }

  private static String nodeExportersKey(Sample s, Map<String, Set<String>> labelsOfFamily) {
    Map<String, String> labels = new TreeMap<>();
    labelsOfFamily.get(s.family()).forEach(n -> labels.put(n, ""));
    for (int i = 0; i < s.labelNames().length; i++) {
      labels.put(s.labelNames()[i], s.labelValues()[i]);
    }
    StringBuilder sb = new StringBuilder(s.name()).append('{');
    labels.forEach(
        (n, v) ->
            sb.append(n)
                .append("=\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\","));
    return sb.append('}').toString();
  }
}
