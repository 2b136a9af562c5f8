package dev.promjob.cli;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Outcome;
import dev.promjob.Report;
import dev.promjob.Reporter;
import dev.promjob.textformat.TextFormatException;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code promjob write --job NAME [--label K=V]... [--textfile-dir DIR] [FILE|-]}: a script's own
 * metrics, checked with node_exporter's strict rules and the library's, installed atomically as the
 * job's file with its identity labels and the standard metrics of a successful run. It replaces
 * {@code script | sponge out.prom}: the temp file is in the same directory and never {@code .prom},
 * forced to disk, and a bad input leaves the previous file as it was.
 */
final class WriteCommand {
  private static final Set<String> VALUED =
      Set.of(
          Settings.JOB,
          Settings.LABEL,
          Settings.EVERY,
          ScheduleFlags.SCHEDULE,
          ScheduleFlags.ZONE,
          ScheduleFlags.GRACE,
          Settings.TEXTFILE_DIR,
          Settings.BACKEND);

  private WriteCommand() {}

  static int main(List<String> argv, Config base, InputStream stdin, PrintStream err)
      throws IOException {
    Args args = Args.parse(argv, VALUED, Set.of(), false);
    if (args.positional().size() > 1) {
      throw new UsageException(
          Messages.quoted(args.positional().get(1)) + ": write reads one FILE, or - for stdin");
    }
    String source = args.positional().isEmpty() ? "-" : args.positional().get(0);
    Settings settings = Settings.of(args, base, Map.of());
    Reporter reporter = settings.reporter();
    // Before reading a large input, and exit 2: a configuration that cannot run, not a bad input.
    Job job = reporter.configured(settings.job());
    reporter.backendFor(job).check(job);
    Instant start = Instant.now();
    byte[] text;
    String shown = source.equals("-") ? "(stdin)" : source;
    if (source.equals("-")) {
      text = stdin.readAllBytes();
    } else {
      try {
        text = Files.readAllBytes(Path.of(source));
      } catch (IOException e) {
        // Exit 1 as for an empty input: a missing FILE is most often the script that should
        // have written it failing, the job's failure rather than a command line that cannot run.
        throw new IOException(
            "cannot read " + Messages.quoted(source) + ": " + Messages.reason(Path.of(source), e),
            e);
      }
    }
    MetricSnapshots metrics;
    try {
      metrics = TextSnapshots.parse(text);
    } catch (TextFormatException e) {
      err.println(
          "promjob: "
              + shown
              + ":"
              + e.getMessage().replaceFirst("^line ", "")
              + "; nothing written");
      return 1;
    }
    if (metrics.size() == 0) {
      // "script | promjob write" loses the script's exit status: no output is its likely failure,
      // and a file of standard metrics alone would report it as a success.
      err.println("promjob: " + shown + ": no metrics in the input; nothing written");
      return 1;
    }
    Instant end = Instant.now();
    try {
      reporter.report(new Report(job, Outcome.SUCCESS, start, end, metrics));
    } catch (IllegalArgumentException e) { // the library's rules: reserved names, job's labels
      err.println(
          "promjob: "
              + shown
              + ":"
              + lineOf(text, e.getMessage())
              + " "
              + e.getMessage()
              + "; nothing written");
      return 1;
    }
    return 0; // silent: cron mails whatever a job prints
  }

  /**
   * The first line of {@code text} holding the value a refusal names ({@code '<value>': <rule>}),
   * as {@code "N:"}; empty when there is none.
   */
  static String lineOf(byte[] text, String refusal) {
    int end = refusal.startsWith("'") ? refusal.indexOf("': ") : -1;
    if (end < 2) {
      return "";
    }
    String value = refusal.substring(1, end);
    String[] lines = new String(text, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(value)) {
        return (i + 1) + ":";
      }
    }
    return "";
  }
}
