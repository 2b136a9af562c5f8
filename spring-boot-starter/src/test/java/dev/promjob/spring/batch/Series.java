package dev.promjob.spring.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Exact series of a scrape, by name and full label set. */
final class Series {
  private Series() {}

  /** {@code {k="v",...}} sorted by name, as node_exporter and the Pushgateway write them. */
  static String labels(String... nameValue) {
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      sorted.put(nameValue[i], nameValue[i + 1]);
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=\"" + v + "\""));
    return "{" + String.join(",", parts) + "}";
  }

  /** The value of the series {@code metric} with exactly {@code labels}; fails if absent. */
  static double value(String text, String metric, String labels) {
    String prefix = metric + labels + " ";
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(prefix.length()).trim());
      }
    }
    throw new AssertionError("no series " + metric + labels + " in:\n" + text);
  }
}
