package dev.promjob.cli;

import dev.promjob.BatchMetrics;
import dev.promjob.Run;
import dev.promjob.spi.ReportRefusedException;
import dev.promjob.textfile.TextfileConflictException;
import dev.promjob.textformat.TextFormatException;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metrics a command of {@code promjob run} wrote to {@link MetricsFile#VARIABLE}, added to the
 * run's one report after the same checks as {@code promjob write}'s: node_exporter's strict reading
 * ({@link TextSnapshots}), then the library's rules, which the run's registry applies when they are
 * registered. All or nothing, as {@code write}: a file refused for one line adds none of its
 * families, so that a half-written file never reaches a dashboard as if it were the whole.
 *
 * <pre>{@code
 * try (CommandMetrics own = CommandMetrics.create(command, System.err)) {
 *   Command.Result result = command.run();
 *   boolean added = own.addTo(run); // false: refused, and said why on stderr
 * }
 * }</pre>
 */
final class CommandMetrics implements AutoCloseable {
  /** How refusals name the file: its path is a random one, gone after the run. */
  static final String SHOWN = "$" + MetricsFile.VARIABLE;

  private static final String NONE = "; none of the command's metrics reported";

  private final MetricsFile file; // null: it could not be made, the command writes to /dev/null
  private final PrintStream err;
  private byte[] added; // what addTo added to the run, for the lines of a later refusal

  private CommandMetrics(MetricsFile file, PrintStream err) {
    this.file = file;
    this.err = err;
  }

  /**
   * Makes the command's file and tells {@code command} its path. Where it cannot be made (a full or
   * read-only temp directory) the command still runs, with {@code /dev/null} as its file: a job is
   * never stopped for its monitoring.
   */
  static CommandMetrics create(Command command, PrintStream err) {
    MetricsFile file;
    try {
      file = MetricsFile.create(MetricsFile.base(System.getenv("TMPDIR")));
    } catch (IOException e) {
      err.println("promjob: " + e.getMessage() + "; the command writes its metrics to /dev/null");
      command.variable(MetricsFile.VARIABLE, "/dev/null");
      return new CommandMetrics(null, err);
    }
    command.variable(MetricsFile.VARIABLE, file.path().toString());
    return new CommandMetrics(file, err);
  }

  /**
   * Once the command has ended: adds what it wrote to {@code run}'s registry, or says on stderr why
   * none of it was added.
   *
   * @return false when something was refused
   */
  boolean addTo(Run run) {
    if (file == null) {
      return false;
    }
    byte[] text;
    try {
      text = file.read();
    } catch (MetricsFile.Refused e) {
      err.println("promjob: " + SHOWN + ": " + e.getMessage() + NONE);
      return false;
    } catch (IOException e) {
      err.println(
          "promjob: " + SHOWN + ": cannot read " + file.path() + ": " + e.getMessage() + NONE);
      return false;
    }
    String refusal = add(text, run);
    if (refusal != null) {
      err.println("promjob: " + SHOWN + ":" + refusal + NONE);
      return false;
    }
    added = text;
    return true;
  }

  /**
   * After the run's report failed: whether it was refused for what it held, once the command's
   * families were in it: they clash with another file of the textfile directory (node_exporter
   * would drop one of the two), which only the directory shows, or the server refused the push (a
   * Pushgateway's 400 for a family whose TYPE differs from another group's). Then each clash, or
   * the server's answer, is said on stderr, and the run can be reported again without them.
   */
  boolean clashed(Throwable failure) {
    if (added == null) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TextfileConflictException c) {
        for (String clash : c.conflicts()) {
          err.println("promjob: " + SHOWN + ":" + lineOfFamily(added, clash) + " " + clash + NONE);
        }
        return true;
      }
      if (t instanceof ReportRefusedException refused) {
        err.println("promjob: " + SHOWN + ": " + refused.getMessage() + NONE);
        return true;
      }
    }
    return false;
  }

  /** Whether {@code failure} is a refusal {@link #clashed} acts on, without saying anything. */
  boolean refusedForItsFamilies(Throwable failure) {
    if (added == null) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ReportRefusedException) { // a TextfileConflictException is one
        return true;
      }
    }
    return false;
  }

  /**
   * The first line of {@code text} about the family or series a clash names ({@code family NAME
   * ...}, {@code series NAME{...} ...}), as {@code "N:"}; empty when there is none.
   */
  static String lineOfFamily(byte[] text, String clash) {
    String[] words = clash.split(" ", 3);
    if (words.length < 2) {
      return "";
    }
    String name = words[1].replaceFirst("\\{.*", "");
    String[] lines = new String(text, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].replaceFirst("^# (HELP|TYPE) ", "");
      if (l.startsWith(name + " ") || l.startsWith(name + "{") || l.equals(name)) {
        return (i + 1) + ":";
      }
    }
    return "";
  }

  /** Removes the file and its directory. */
  @Override
  public void close() {
    if (file != null) {
      file.close();
    }
  }

  /**
   * Adds the families of {@code text} to {@code run}'s registry, or none of them.
   *
   * @return null when added (or when there were none), else the refusal: {@code line: rule}, the
   *     line left out when the rule is about the whole file
   */
  static String add(byte[] text, Run run) {
    MetricSnapshots metrics;
    try {
      metrics = TextSnapshots.parse(text);
    } catch (TextFormatException e) {
      return e.getMessage().replaceFirst("^line ", "");
    } catch (IOException e) { // a byte array cannot fail to be read; kept for parse's signature
      return " " + e.getMessage();
    }
    if (metrics.size() == 0) {
      return null;
    }
    for (MetricSnapshot s : metrics) {
      String name = s.getMetadata().getPrometheusName();
      if (BatchMetrics.COMMAND_HELP.containsKey(name)) {
        String refusal =
            "'" + name + "': promjob run reports it itself, from how the command ended";
        return WriteCommand.lineOf(text, refusal) + " " + refusal;
      }
    }
    List<MetricFamilyDescriptor> descriptors = descriptors(metrics);
    try {
      // The run's registry checks every family when it is registered: the rules write applies.
      run.registry()
          .register(
              new MultiCollector() { // not a lambda: see Args
                @Override
                public MetricSnapshots collect() {
                  return metrics;
                }

                @Override
                public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
                  return descriptors;
                }
              });
    } catch (IllegalArgumentException e) {
      return WriteCommand.lineOf(text, e.getMessage()) + " " + e.getMessage();
    }
    return null;
  }

  /** What the run's registry checks before it accepts the families: names, HELP, label names. */
  static List<MetricFamilyDescriptor> descriptors(MetricSnapshots metrics) {
    List<MetricFamilyDescriptor> descriptors = new ArrayList<>(metrics.size());
    for (MetricSnapshot s : metrics) {
      descriptors.add(MetricFamilyDescriptor.of(typeOf(s), s.getMetadata(), labelNames(s)));
    }
    return descriptors;
  }

  private static MetricType typeOf(MetricSnapshot s) {
    if (s instanceof GaugeSnapshot) {
      return MetricType.GAUGE;
    } else if (s instanceof CounterSnapshot) {
      return MetricType.COUNTER;
    } else if (s instanceof HistogramSnapshot) {
      return MetricType.HISTOGRAM;
    } else if (s instanceof SummarySnapshot) {
      return MetricType.SUMMARY;
    }
    return MetricType.UNKNOWN;
  }

  private static Set<String> labelNames(MetricSnapshot s) {
    Set<String> names = new TreeSet<>();
    for (DataPointSnapshot p : s.getDataPoints()) {
      Labels labels = p.getLabels();
      for (int i = 0; i < labels.size(); i++) {
        names.add(labels.getName(i));
      }
    }
    return names;
  }
}
