package dev.promjob.textfile;

import dev.promjob.BatchMetrics;
import dev.promjob.Enforcement;
import dev.promjob.internal.Log;
import dev.promjob.textformat.Clashes;
import dev.promjob.textformat.TextFormat.Family;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds what node_exporter 1.5.0 would silently drop once a new file joins the directory: a family
 * whose TYPE or HELP differs from another file's, a histogram or summary whose {@code _sum}, {@code
 * _count} or {@code _bucket} names another file's family, and a series another file already has.
 *
 * <p>It looks at every other {@code *.prom} file, hidden ones included, as node_exporter would; a
 * file node_exporter would skip as invalid cannot clash and is only logged. Only series that carry
 * the new file's identity labels can be duplicates, so only those are kept in memory. A file is not
 * read when the {@linkplain DirectorySummary directory's summary} holds it unchanged and none of
 * its families that the new file has carries the new file's job name: its families, TYPE and HELP
 * come from the summary.
 */
final class DirectoryGuard {

  private DirectoryGuard() {}

  /**
   * Refuses ({@link Enforcement#REFUSE}) or logs ({@link Enforcement#WARN}) the {@link #conflicts}
   * of a new file.
   *
   * @throws TextfileConflictException under REFUSE, naming the target and every clash
   */
  static void enforce(Enforcement guard, NewFile file, Path target, Path replaced, Labels identity)
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
   * @param file the new file as it was rendered: its families, and its samples on demand
   * @param target the name it will take; the current file of that name is not compared
   * @param replaced another file the write replaces (the job's file under its old name), or null
   * @param identity the labels every series of the new file carries
   * @return one sentence per clash; empty if none
   */
  static List<String> conflicts(NewFile file, Path target, Path replaced, Labels identity)
      throws IOException {
    Map<String, Family> ours = file.families();
    List<String> conflicts = new ArrayList<>();
    Map<String, String> theirSeries = new HashMap<>(); // series key -> file name
    String jobName = identity.get(BatchMetrics.JOB_NAME_LABEL);
    try (DirectorySummary others = DirectorySummary.scan(target, replaced)) {
      for (DirectorySummary.Other other : others.others()) {
        // Only a regular file is ever opened: a FIFO would block the open until a writer came, a
        // device such as /dev/zero would be read for ever. (A directory named x.prom node_exporter
        // 1.5 reads as empty.) Links are followed, as node_exporter follows them.
        FileSummary theirs = other.cached();
        Map<String, String> series = new HashMap<>();
        if (theirs == null || theirs.mayHoldSeriesOf(ours.keySet(), jobName)) {
          try {
            theirs =
                others.read(
                    other,
                    (family, sample, names, values, n, value) -> {
                      if (ours.containsKey(family) && carries(identity, names, values, n)) {
                        series.put(key(sample, names, values, n), other.name());
                      }
                    });
          } catch (IOException e) {
            ignored(other.path(), e.getClass().getSimpleName());
            continue;
          }
        }
        if (theirs.badLine() > 0) {
          // node_exporter skips this file whole (and reports a scrape error): no clash possible,
          // not even with the series read before the bad line. Only the line number: the file may
          // be a link to anything, and its text stays out of logs.
          ignored(other.path(), "a format error at line " + theirs.badLine());
          continue;
        }
        theirSeries.putAll(series);
        Clashes.between(ours, theirs.families(), other.name())
            .forEach(c -> conflicts.add(c.message()));
      }
    }
    if (!theirSeries.isEmpty()) {
      file.samples()
          .each(
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

  private static void ignored(Path other, String why) {
    Log.log(
        Level.WARNING, "ignoring " + other + ", which node_exporter cannot read either: " + why);
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

  static String key(String sample, String[] names, String[] values, int n) {
    return Clashes.seriesKey(sample, names, values, n);
  }
}
