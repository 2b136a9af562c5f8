package dev.promjob.textformat;

import dev.promjob.textformat.TextFormat.Family;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What node_exporter 1.5 silently drops when two files of one directory both describe a family: a
 * family whose TYPE or HELP differs, and a histogram or summary whose {@code _sum}, {@code _count}
 * or {@code _bucket} is another file's family. The series of the file read later are dropped, with
 * {@code node_textfile_scrape_error 0}. The textfile backend refuses to write such a file, and
 * {@code promjob lint} reports them.
 *
 * <pre>{@code
 * for (Clashes.Clash c : Clashes.between(mine, theirs, "other.prom")) {
 *   System.err.println(c.family() + ": " + c.message());
 * }
 * }</pre>
 */
public final class Clashes {

  /**
   * One clash.
   *
   * @param family the family of the first file that takes part in it
   * @param message what clashes, naming the other file
   */
  public record Clash(String family, String message) {}

  private Clashes() {}

  /**
   * The clashes between the families of one file ({@code mine}, "here") and another file's.
   *
   * @param other the other file's name, used in messages
   */
  public static List<Clash> between(
      Map<String, Family> mine, Map<String, Family> theirs, String other) {
    List<Clash> out = new ArrayList<>();
    for (Family f : mine.values()) {
      Family their = theirs.get(f.name());
      if (their != null) {
        if (!f.type().equals(their.type())) {
          out.add(
              new Clash(
                  f.name(),
                  "family "
                      + f.name()
                      + " is a "
                      + f.type()
                      + " here but a "
                      + their.type()
                      + " in "
                      + other));
        } else if (!Objects.equals(f.help(), their.help())) {
          out.add(
              new Clash(
                  f.name(),
                  "family "
                      + f.name()
                      + " has HELP "
                      + quote(f.help())
                      + " here but "
                      + quote(their.help())
                      + " in "
                      + other));
        }
      }
      for (String suffix : owned(f)) {
        Family taken = theirs.get(f.name() + suffix);
        if (taken != null) {
          out.add(new Clash(f.name(), suffixMessage(taken, other, f, "this file")));
        }
      }
    }
    for (Family their : theirs.values()) {
      for (String suffix : owned(their)) {
        Family taken = mine.get(their.name() + suffix);
        if (taken != null) {
          out.add(new Clash(taken.name(), suffixMessage(taken, "this file", their, other)));
        }
      }
    }
    return out;
  }

  /**
   * A series' identity as node_exporter compares them: its name and its non-empty labels, sorted by
   * name (an empty label is an absent one).
   */
  public static String seriesKey(String sample, String[] names, String[] values, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
    StringBuilder sb = new StringBuilder(sample).append('{');
    String sep = "";
    for (int i : order) {
      if (!values[i].isEmpty()) {
        sb.append(sep).append(names[i]).append("=\"").append(escape(values[i])).append('"');
        sep = ",";
      }
    }
    return sb.append('}').toString();
  }

  /** A histogram or summary owns its name's _sum, _count (and _bucket): no family may take them. */
  private static List<String> owned(Family f) {
    return switch (f.type()) {
      case "histogram" -> List.of("_sum", "_count", "_bucket");
      case "summary" -> List.of("_sum", "_count");
      default -> List.of();
    };
  }

  private static String suffixMessage(Family taken, String takenWhere, Family owner, String where) {
    return "family "
        + taken.name()
        + " in "
        + takenWhere
        + " collides with the "
        + owner.type()
        + " "
        + owner.name()
        + " in "
        + where;
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String quote(String help) {
    return help == null ? "(none)" : "\"" + help + "\"";
  }
}
