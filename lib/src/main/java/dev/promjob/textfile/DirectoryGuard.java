package dev.promjob.textfile;

import dev.promjob.Enforcement;
import dev.promjob.internal.Log;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormat.Family;
import dev.promjob.textformat.TextFormatException;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds what node_exporter 1.5.0 would silently drop once a new file joins the directory: a family
 * whose TYPE or HELP differs from another file's, a histogram or summary whose {@code _sum}, {@code
 * _count} or {@code _bucket} names another file's family, and a series another file already has.
 *
 * <p>It reads every other {@code *.prom} file, hidden ones included, as node_exporter would; a file
 * node_exporter would skip as invalid cannot clash and is only logged. Only series that carry the
 * new file's identity labels can be duplicates, so only those are kept in memory.
 */
final class DirectoryGuard {

  private DirectoryGuard() {}

  /**
   * Refuses ({@link Enforcement#REFUSE}) or logs ({@link Enforcement#WARN}) the {@link #conflicts}
   * of a new file.
   *
   * @throws TextfileConflictException under REFUSE, naming the target and every clash
   */
  static void enforce(Enforcement guard, Source file, Path target, Path replaced, Labels identity)
      throws IOException {
    List<String> conflicts = conflicts(file, target, replaced, identity);
    if (conflicts.isEmpty()) {
      return;
    }
    if (guard == Enforcement.REFUSE) {
      throw new TextfileConflictException(target, conflicts);
    }
    for (String c : conflicts) {
      Log.log(Level.WARNING, "writing " + target + " anyway (promjob.textfile.guard=warn): " + c);
    }
  }

  /**
   * @param file the new file's content, already written (a temp file), read as often as needed
   * @param target the name it will take; the current file of that name is not compared
   * @param replaced another file the write replaces (the job's file under its old name), or null
   * @param identity the labels every series of the new file carries
   * @return one sentence per clash; empty if none
   */
  static List<String> conflicts(Source file, Path target, Path replaced, Labels identity)
      throws IOException {
    Map<String, Family> ours = parse(file, TextFormat.SampleHandler.NONE);
    Path dir = target.getParent();
    List<String> conflicts = new ArrayList<>();
    Map<String, String> theirSeries = new HashMap<>(); // series key -> file name
    try (DirectoryStream<Path> others =
        Files.newDirectoryStream(
            dir,
            p -> {
              String n = p.getFileName().toString();
              return n.endsWith(FileNames.SUFFIX) && !p.equals(target) && !p.equals(replaced);
            })) {
      for (Path other : others) {
        // Followed, as node_exporter follows it. Only a regular file is ever opened: a FIFO would
        // block the open until a writer came, a device such as /dev/zero would be read for ever.
        // (A directory named x.prom node_exporter 1.5 reads as empty.)
        if (!isRegularFile(other)) {
          continue;
        }
        String otherName = other.getFileName().toString();
        Map<String, Family> theirs;
        try {
          theirs =
              parse(
                  () -> Files.newInputStream(other),
                  (family, sample, names, values, n, value) -> {
                    if (ours.containsKey(family) && carries(identity, names, values, n)) {
                      theirSeries.put(key(sample, names, values, n), otherName);
                    }
                  });
        } catch (IOException e) {
          // node_exporter skips this file whole (and reports a scrape error): no clash possible.
          // Only the line number: the file may be a link to anything, and its text stays out of
          // logs.
          String why =
              e instanceof TextFormatException t
                  ? "a format error at line " + t.line()
                  : e.getClass().getSimpleName();
          Log.log(
              Level.WARNING,
              "ignoring " + other + ", which node_exporter cannot read either: " + why);
          continue;
        }
        compare(ours, theirs, otherName, conflicts);
      }
    }
    if (!theirSeries.isEmpty()) {
      parse(
          file,
          (family, sample, names, values, n, value) -> {
            String where = theirSeries.get(key(sample, names, values, n));
            if (where != null) {
              conflicts.add(
                  "series "
                      + key(sample, names, values, n)
                      + " is also in "
                      + where
                      + " (node_exporter keeps only one)");
            }
          });
    }
    return conflicts;
  }

  private static void compare(
      Map<String, Family> ours, Map<String, Family> theirs, String other, List<String> out) {
    for (Family mine : ours.values()) {
      Family their = theirs.get(mine.name());
      if (their != null) {
        if (!mine.type().equals(their.type())) {
          out.add(
              "family "
                  + mine.name()
                  + " is a "
                  + mine.type()
                  + " here but a "
                  + their.type()
                  + " in "
                  + other);
        } else if (!Objects.equals(mine.help(), their.help())) {
          out.add(
              "family "
                  + mine.name()
                  + " has HELP "
                  + quote(mine.help())
                  + " here but "
                  + quote(their.help())
                  + " in "
                  + other);
        }
      }
      suffixClash(mine, "this file", theirs, other, out);
    }
    for (Family their : theirs.values()) {
      suffixClash(their, other, ours, "this file", out);
    }
  }

  /** A histogram or summary owns its name's _sum, _count (and _bucket): no family may take them. */
  private static void suffixClash(
      Family f, String fWhere, Map<String, Family> others, String othersWhere, List<String> out) {
    List<String> owned =
        switch (f.type()) {
          case "histogram" -> List.of("_sum", "_count", "_bucket");
          case "summary" -> List.of("_sum", "_count");
          default -> List.of();
        };
    for (String suffix : owned) {
      Family taken = others.get(f.name() + suffix);
      if (taken != null) {
        out.add(
            "family "
                + taken.name()
                + " in "
                + othersWhere
                + " collides with the "
                + f.type()
                + " "
                + f.name()
                + " in "
                + fWhere);
      }
    }
  }

  private static boolean isRegularFile(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).isRegularFile();
    } catch (IOException brokenLink) {
      return false; // node_exporter cannot read it either
    }
  }

  private static boolean carries(Labels identity, String[] names, String[] values, int n) {
    for (int l = 0; l < identity.size(); l++) {
      boolean found = false;
      for (int i = 0; i < n; i++) {
        if (names[i].equals(identity.getName(l))) {
          found = values[i].equals(identity.getValue(l));
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** A series' identity: its name and its non-empty labels, sorted (an empty label is absent). */
  static String key(String sample, String[] names, String[] values, int n) {
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

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String quote(String help) {
    return help == null ? "(none)" : "\"" + help + "\"";
  }

  /** Where a file's bytes come from: a path, or the channel of the file being written. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;
  }

  private static Map<String, Family> parse(Source file, TextFormat.SampleHandler handler)
      throws IOException {
    // Other files are opened following links, as node_exporter does: a linked file is read like any
    // other.
    try (InputStream in = new BufferedInputStream(file.open(), 1 << 16)) {
      return TextFormat.parse(in, handler);
    }
  }
}
