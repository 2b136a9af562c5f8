package dev.promjob.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code promjob status}'s table: one row per job, the most urgent first, times relative to now
 * ({@code 3h12m ago}, {@code due in 5m}). On a terminal the state is coloured and the widest
 * columns (labels, then job) are cut to fit its width; elsewhere every column is whole and aligned,
 * with no escape sequence, for {@code grep} and {@code awk}.
 *
 * <pre>{@code
 * STATE   JOB        LABELS  LAST RUN  LAST SUCCESS  NEXT SUCCESS   TOOK
 * late    db_backup  site=a  exit 1    2d3h ago      overdue 1d3h   1.2s
 * ok      audit      -       ok        5m ago        due in 1d23h   12ms
 * }</pre>
 */
final class StatusTable {
  static final List<String> HEADER =
      List.of("STATE", "JOB", "LABELS", "LAST RUN", "LAST SUCCESS", "NEXT SUCCESS", "TOOK");

  private static final int STATE = 0;
  private static final int JOB = 1;
  private static final int LABELS = 2;
  private static final int NEXT = 5;
  private static final String GAP = "  ";
  private static final String CUT = "~";

  private static final String RESET = "\033[0m";
  private static final Map<JobStatus.State, String> COLOURS =
      Map.of(
          JobStatus.State.OVERRUN, "\033[1;31m", // bold red: pages too
          JobStatus.State.LATE, "\033[1;31m", // bold red: the alert that pages
          JobStatus.State.GONE, "\033[1;35m", // bold magenta: nothing else can alert on it
          JobStatus.State.FAILED, "\033[31m",
          JobStatus.State.PROBLEM, "\033[33m",
          JobStatus.State.OK, "\033[32m");

  private StatusTable() {}

  /** The table's lines, header first. */
  static List<String> render(List<JobStatus> jobs, Instant now, Terminal terminal) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER.toArray(new String[0]));
    for (JobStatus s : jobs) {
      rows.add(cells(s, now));
    }
    int[] widths = fit(rows, terminal.columns());
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      String[] cells = rows.get(r);
      JobStatus s = r == 0 ? null : jobs.get(r - 1);
      StringBuilder line = new StringBuilder();
      int shown = 0; // what the terminal shows of the line: escapes take no column
      int last = s != null && s.report().problem().isPresent() ? 2 : cells.length;
      for (int c = 0; c < last; c++) {
        boolean lastCell = c == last - 1;
        String text = lastCell && last == 2 ? cells[c] : cut(cells[c], widths[c]);
        if (lastCell && last == 2 && terminal.tty()) {
          text = cut(text, Math.max(CUT.length(), terminal.columns() - shown));
        }
        String colour = s == null || !terminal.colour() ? null : colour(s, c);
        line.append(colour == null ? text : colour + text + RESET);
        if (!lastCell) {
          line.append(" ".repeat(widths[c] - text.length())).append(GAP);
          shown += widths[c] + GAP.length();
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String colour(JobStatus s, int column) {
    if (column == STATE || column == NEXT && s.late()) {
      return COLOURS.get(s.state());
    }
    return null;
  }

  /** A job's cells; a problem row's are its state, its file and why. */
  static String[] cells(JobStatus s, Instant now) {
    JobReport r = s.report();
    if (r.problem().isPresent()) {
      return new String[] {s.state().word(), r.source() + ": " + r.problem().get()};
    }
    String state = s.state().word() + (s.late() && r.gone() ? ",gone" : "");
    Optional<Instant> success = s.lastSuccess();
    return new String[] {
      state,
      Messages.escaped(r.job()),
      labels(r),
      lastRun(s, now),
      success.isPresent() ? ago(Duration.between(success.get(), now)) : "never",
      next(s, now),
      s.duration().isPresent() ? took(s.duration().get()) : "-"
    };
  }

  /**
   * {@code running 2h13m} while a run is in progress (the oldest, and how many when more than one:
   * {@code running 5m (2 runs)}), else the last run's outcome with how many runs failed in a row
   * when more than one: {@code exit 1 (3x)}.
   */
  static String lastRun(JobStatus s, Instant now) {
    Optional<Instant> start = s.runStart();
    if (start.isPresent()) {
      int n = s.runsInProgress().orElse(1);
      return "running "
          + span(Duration.between(start.get(), now))
          + (n > 1 ? " (" + n + " runs)" : "");
    }
    int failures = s.failuresInARow().orElse(0);
    return s.outcome()
        + (failures > 1 && s.lastRunSucceeded().equals(Optional.of(false))
            ? " (" + failures + "x)"
            : "");
  }

  private static String labels(JobReport r) {
    if (r.labels().isEmpty()) {
      return "-";
    }
    StringJoiner j = new StringJoiner(",");
    r.labels().forEach((k, v) -> j.add(k + "=" + Messages.escaped(v)));
    return j.toString();
  }

  private static String next(JobStatus s, Instant now) {
    if (s.due().isEmpty()) {
      return "-";
    }
    Duration d = Duration.between(now, s.due().get());
    return s.late() ? "overdue " + span(d.negated()) : "due in " + span(d);
  }

  /** {@code 3h12m ago}; {@code in 5s} for a time ahead of this clock (another host's). */
  static String ago(Duration since) {
    return since.isNegative() ? "in " + span(since.negated()) : span(since) + " ago";
  }

  /** The two largest units: {@code 45s}, {@code 5m30s}, {@code 3h12m}, {@code 2d4h}. */
  static String span(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }
    if (s < 86400) {
      return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
    }
    return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
  }

  /** A run's duration: {@code 18ms}, {@code 1.2s}, {@code 3m12s}. */
  static String took(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      return d.toMillis() / 1000 + "." + d.toMillis() % 1000 / 100 + "s"; // cut, never rounded up
    }
    return span(d);
  }

  /**
   * Each column's width: the widest cell, then, while the line is wider than {@code columns}, the
   * labels and then the job cut down (to 6 and 8 characters at the least).
   */
  static int[] fit(List<String[]> rows, int columns) {
    int[] widths = new int[HEADER.size()];
    for (String[] cells : rows) {
      if (cells.length == HEADER.size()) { // a problem row's message takes what is left
        for (int c = 0; c < cells.length; c++) {
          widths[c] = Math.max(widths[c], cells[c].length());
        }
      } else {
        widths[STATE] = Math.max(widths[STATE], cells[STATE].length());
      }
    }
    int total = GAP.length() * (widths.length - 1);
    for (int w : widths) {
      total += w;
    }
    int[][] shrink = {{LABELS, 6}, {JOB, 8}};
    for (int[] s : shrink) {
      if (total > columns && widths[s[0]] > s[1]) {
        int cut = Math.min(total - columns, widths[s[0]] - s[1]);
        widths[s[0]] -= cut;
        total -= cut;
      }
    }
    return widths;
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - CUT.length()) + CUT;
  }
}
