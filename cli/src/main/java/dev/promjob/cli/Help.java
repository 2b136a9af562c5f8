package dev.promjob.cli;

import java.util.List;
import java.util.Optional;

/**
 * {@code promjob SUB --help}: each subcommand's usage and options, on stdout. Asked for anywhere
 * before {@code --} (after it, {@code --help} belongs to the command run).
 */
final class Help {
  private static final String SETTINGS =
      String.join(
          "\n",
          "",
          "Settings: -Dpromjob.KEY=VALUE before the subcommand, PROMJOB_* variables, or the file",
          "named by PROMJOB_CONFIG; flags override them. Durations: 500ms, 30s, 5m, 2h, 1d.");

  private static final String JOB_OPTIONS =
      String.join(
          "\n",
          "  --job NAME          the job's name (job_name on the textfile path, job on a push)",
          "  --label K=V         a label that tells this job's instances apart (repeatable);",
          "                      not job (use --job) nor instance (node_exporter sets it; on a",
          "                      push, tell hosts apart with --label host=NAME)",
          "  --textfile-dir DIR  node_exporter's textfile directory (default "
              + Settings.DEBIAN_TEXTFILE_DIR
              + ")",
          "  --backend NAME      textfile, pushgateway or remote_write instead");

  private static final String WHEN_DUE =
      String.join(
          "\n",
          "  --every DURATION    how often the job is expected to succeed",
          "  --schedule CRON     when it is due instead: crontab's five fields, Spring's six or @daily",
          "                      (quote it); alerts fire when a scheduled run has not succeeded by"
              + " --grace",
          "  --zone ZONE         the schedule's time zone (default: TZ, else the system's)",
          "  --grace DURATION    how long after a scheduled time a run may still succeed");

  static final String RUN =
      String.join(
              "\n",
              "usage: promjob run --job NAME [--label K=V]...",
              "                   [--every DURATION | --schedule CRON [--zone ZONE] --grace DURATION]",
              "                   [--timeout DURATION] [--kill-after DURATION] [--no-overlap]",
              "                   [--max-runtime DURATION] [--in-progress | --no-in-progress]",
              "                   [--textfile-dir DIR | --backend NAME] -- COMMAND [ARG]...",
              "",
              "Runs COMMAND (no shell: write sh -c '...' for one) and reports the run: a success if and",
              "only if it exits 0. Exits with its code; 124 after --timeout, 126/127 when it cannot be",
              "started, 75 when --no-overlap finds the previous run still running, 2 when the command",
              "line or the configuration cannot run (then nothing runs).",
              "",
              "COMMAND may write its own metrics, in text format, to the file $PROMJOB_METRICS_FILE",
              "names (private to the run, removed after it): checked as write checks them and reported",
              "with the run's, in its one report. A refused file is named on stderr with its line and",
              "rule, and the run reported without it (promjob_last_run_metrics_refused 1).",
              "",
              JOB_OPTIONS,
              WHEN_DUE,
              "  --timeout DURATION  SIGTERM to the command and what it started, then SIGKILL",
              "  --kill-after DURATION  the grace between the two (default 10s)",
              "  --no-overlap        start nothing while the previous run of the job is running",
              "  --max-runtime DURATION  how long a run may take: exported, so that an alert fires for",
              "                      a run still in progress past it; stops nothing (--timeout kills)",
              "  --in-progress       publish the run's start before the command runs (default: only",
              "                      with --max-runtime); --no-in-progress: never")
          + SETTINGS;

  static final String WRITE =
      String.join(
              "\n",
              "usage: promjob write --job NAME [--label K=V]...",
              "                     [--every DURATION | --schedule CRON [--zone ZONE] --grace DURATION]",
              "                     [--textfile-dir DIR | --backend NAME] [FILE|-]",
              "",
              "Installs text exposition format from FILE or stdin as the job's metrics, with the",
              "standard metrics of a successful run. Input node_exporter would skip or drop is refused",
              "with its line and the rule; exit 1, the previous file untouched.",
              "",
              JOB_OPTIONS,
              WHEN_DUE)
          + SETTINGS;

  static final String LINT =
      String.join(
              "\n",
              "usage: promjob lint [DIR] [--format text|json] [--stale-after DURATION] [--user NAME]",
              "                    [--node-exporter URL]",
              "",
              "Reads a textfile directory (default: the configured one, else "
                  + Settings.DEBIAN_TEXTFILE_DIR
                  + ") as",
              "node_exporter reads it and prints one finding per problem. Exit 0 when there is none,",
              "1 otherwise.",
              "",
              "  --format text|json      how findings are printed (default text)",
              "  --stale-after DURATION  also report files not rewritten for that long",
              "  --user NAME             node_exporter's user (default prometheus)",
              "  --node-exporter URL     judge shadowed names by what this running node_exporter",
              "                          serves itself (default: node_exporter 1.5's default set)")
          + SETTINGS;

  static final String DELETE =
      String.join(
              "\n",
              "usage: promjob delete --job NAME [--label K=V]... [--textfile-dir DIR | --backend NAME]",
              "",
              "Retires a job: removes its file (only one promjob wrote for this job) or its",
              "Pushgateway group. Remote write cannot delete: its series age out of the receiver.",
              "",
              JOB_OPTIONS)
          + SETTINGS;

  static final String STATUS =
      String.join(
              "\n",
              "usage: promjob status [--textfile-dir DIR | --prometheus URL] [--format text|json]",
              "",
              "Which jobs are overrun, late, failing or gone: one row per job and labels, the most",
              "urgent first (overrun, late, gone, failed, problem, ok; failed ones by failures in a",
              "row; then the earliest due). Overrun is a run in progress past its declared maximum",
              "runtime; late is past the schedule's deadline or twice the interval after the last",
              "success; as the shipped rules judge them. LAST RUN says a run in progress (running",
              "2h13m) and failures in a row (exit 1 (3x)).",
              "Reads this host's textfile directory (default: the configured one, else "
                  + Settings.DEBIAN_TEXTFILE_DIR
                  + ")",
              "or, for the fleet, Prometheus' query API. Exit 0 when all is well, 1 when a job is",
              "overrun, late, failed or gone or a promjob file is skipped by node_exporter, 3 when",
              "the source cannot be read, 2 for a bad command line.",
              "",
              "  --textfile-dir DIR  the textfile directory to read",
              "  --prometheus URL    http(s)://[user:password@]host:port[/prefix] of Prometheus (or",
              "                      another server of its query API); user info is basic auth",
              "  --format text|json  a table (coloured and fitted on a terminal; NO_COLOR and",
              "                      TERM=dumb turn colour off) or one JSON object (default text)")
          + SETTINGS;

  private Help() {}

  /** The help of {@code sub} if {@code args} ask for it before any {@code --}. */
  static Optional<String> asked(String sub, List<String> args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return Optional.empty();
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return Optional.of(
            switch (sub) {
              case "run" -> RUN;
              case "write" -> WRITE;
              case "lint" -> LINT;
              case "status" -> STATUS;
              default -> DELETE;
            });
      }
    }
    return Optional.empty();
  }
}
