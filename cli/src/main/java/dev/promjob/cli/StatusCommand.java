package dev.promjob.cli;

import dev.promjob.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code promjob status [--textfile-dir DIR | --prometheus URL] [--format text|json]}: which jobs
 * are overrun, late, failing or gone, in one screen, the most urgent first. Exit 0 when every job
 * is well, {@value #ATTENTION} when one is overrun, late, failed, gone or in a file node_exporter
 * skips, {@value #UNKNOWN} when the source cannot be read (nothing is known), 2 for a bad command
 * line.
 *
 * <pre>{@code
 * promjob status                                   # this host's textfile directory
 * promjob status --prometheus http://prometheus:9090 --format json | jq '.jobs[] | select(.late)'
 * }</pre>
 */
final class StatusCommand {
  static final String PROMETHEUS = "--prometheus";
  static final String FORMAT = "--format";

  /** Something needs a look: a job overrun, late, failed or gone, or a file node_exporter skips. */
  static final int ATTENTION = 1;

  /** The directory or Prometheus cannot be read: nothing can be said (Nagios' UNKNOWN). */
  static final int UNKNOWN = 3;

  private StatusCommand() {}

  static int main(
      List<String> argv,
      Config base,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Terminal terminal,
      Clock clock) {
    Args args =
        Args.parse(argv, Set.of(Settings.TEXTFILE_DIR, PROMETHEUS, FORMAT), Set.of(), false);
    if (!args.positional().isEmpty()) {
      throw new UsageException(
          Messages.quoted(args.positional().get(0))
              + ": status takes no argument; a directory is --textfile-dir DIR");
    }
    String format = args.one(FORMAT).orElse("text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException(Messages.quoted(format) + ": " + FORMAT + " must be text or json");
    }
    Optional<String> dir = args.one(Settings.TEXTFILE_DIR);
    Optional<String> url = args.one(PROMETHEUS);
    if (dir.isPresent() && url.isPresent()) {
      throw new UsageException(
          Messages.quoted(url.get())
              + ": "
              + PROMETHEUS
              + " and "
              + Settings.TEXTFILE_DIR
              + " exclude each other");
    }
    PrometheusJobs prometheus = url.isPresent() ? PrometheusJobs.of(url.get()) : null;
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String source;
    List<JobReport> reports;
    try {
      if (prometheus != null) {
        source = prometheus.shownUrl();
        reports = prometheus.read(now);
      } else {
        Path d = dir.isPresent() ? Path.of(dir.get()) : Settings.textfileDirectory(base);
        source = d.toString();
        reports = TextfileJobs.read(d);
      }
    } catch (IOException e) {
      err.println("promjob: " + Messages.escaped(e.getMessage()));
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("promjob: interrupted");
      return UNKNOWN;
    }
    List<JobStatus> jobs = new ArrayList<>(reports.size());
    for (JobReport r : reports) {
      jobs.add(JobStatus.of(r, now));
    }
    jobs.sort(JobStatus.URGENCY);
    long attention = jobs.stream().filter(s -> s.state().needsAttention()).count();
    if (format.equals("json")) {
      out.println(StatusJson.render(source, now, jobs));
    } else if (jobs.isEmpty()) {
      err.println("promjob status: no promjob job in " + Messages.escaped(source));
    } else {
      StatusTable.render(jobs, now, terminal).forEach(out::println);
      if (attention > 0) {
        err.println(summary(jobs, source));
      }
    }
    return attention > 0 ? ATTENTION : 0;
  }

  /** {@code promjob status: 1 late, 2 failed of 7 jobs in DIR}. */
  static String summary(List<JobStatus> jobs, String source) {
    StringBuilder sb = new StringBuilder("promjob status: ");
    boolean first = true;
    for (JobStatus.State state : JobStatus.State.values()) {
      long n = jobs.stream().filter(s -> s.state() == state).count();
      if (state.needsAttention() && n > 0) {
        sb.append(first ? "" : ", ").append(n).append(' ').append(state.word());
        first = false;
      }
    }
    return sb.append(" of ")
        .append(jobs.size())
        .append(jobs.size() == 1 ? " row in " : " rows in ")
        .append(Messages.escaped(source))
        .toString();
  }
}
