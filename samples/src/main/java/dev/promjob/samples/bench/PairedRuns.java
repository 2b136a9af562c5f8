package dev.promjob.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Paired whole-process timings with nothing but a JDK: two or more commands run in turn, A B A B
 * ..., after warm-up rounds that are not counted, each from its start to its exit, and the figures
 * of each, min, median and max of the wall milliseconds, then every command's ratio to the last one
 * (the yardstick), taken round by round. The machine's speed drifts (other work, frequency, the
 * page cache) while a benchmark runs; a ratio of two runs next to each other cancels most of that
 * drift, and its median ignores one slow or one lucky round. Each command is {@code LABEL ARGV...},
 * commands are separated by {@code :::} (a command line such as {@code promjob run} uses {@code --}
 * itself), and run without a shell, stdin and stdout on {@code /dev/null}.
 *
 * <pre>{@code
 * java -cp samples/target/classes dev.promjob.samples.bench.PairedRuns --runs 21 --warmup 3 \
 *     promjob java -cp CP dev.promjob.samples.bench.PeerRun textfile 10 /tmp/a \
 *     ::: client_java java -cp peer.jar peers.JavaTextfile 10 /tmp/b
 * }</pre>
 *
 * <p>A command that exits with another status than 0 ends the benchmark, with its stderr: a timing
 * of a failure says nothing.
 */
public final class PairedRuns {
  static final String SEPARATOR = ":::";
  static final String USAGE =
      "usage: PairedRuns [--runs N] [--warmup N] LABEL COMMAND [ARG]... ::: LABEL COMMAND [ARG]..."
          + " [::: ...]   (the last command is the yardstick)";

  /** One run's bound: a command that hangs ends the benchmark instead of blocking it forever. */
  private static final long RUN_BOUND_SECONDS = 600;

  private PairedRuns() {}

  /** One command: the label it is printed under and what runs. */
  record Command(String label, List<String> argv) {
    Command {
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("'" + label + "': a command needs a program to run");
      }
      argv = List.copyOf(argv);
    }
  }

  /** What to run: counted rounds, warm-up rounds, and the commands, the yardstick last. */
  record Plan(int runs, int warmup, List<Command> commands) {
    Plan {
      if (runs < 1) {
        throw new IllegalArgumentException("'" + runs + "': --runs must be at least 1");
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("'" + warmup + "': --warmup must be at least 0");
      }
      if (commands.size() < 2) {
        throw new IllegalArgumentException(
            "'" + commands.size() + "': at least two commands, separated by " + SEPARATOR);
      }
      commands = List.copyOf(commands);
    }
  }

  /** The smallest, the median and the largest of some values. */
  record Spread(double min, double median, double max) {
    static Spread of(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Spread(sorted[0], PairedRuns.median(values), sorted[sorted.length - 1]);
    }
  }

  /** Runs one command once and says how long it took, in nanoseconds. */
  @FunctionalInterface
  interface Runner {
    long nanos(Command command) throws IOException, InterruptedException;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Plan plan;
    try {
      plan = parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("PairedRuns: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    System.out.print(run(plan));
  }

  /** Runs the plan's commands as processes and returns the report. */
  static String run(Plan plan) throws IOException, InterruptedException {
    Path stderr = Files.createTempFile("paired-runs", ".stderr");
    try {
      return report(plan, measure(plan, command -> timed(command, stderr)));
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  static Plan parse(List<String> args) {
    int runs = 21;
    int warmup = 3;
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("--")) {
      String flag = args.get(i);
      if (i + 1 == args.size()) {
        throw new IllegalArgumentException("'" + flag + "': needs a number after it");
      }
      int value = number(args.get(i + 1));
      switch (flag) {
        case "--runs" -> runs = value;
        case "--warmup" -> warmup = value;
        default -> throw new IllegalArgumentException("'" + flag + "': not a flag of PairedRuns");
      }
      i += 2;
    }
    List<Command> commands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String arg : args.subList(i, args.size())) {
      if (arg.equals(SEPARATOR)) {
        commands.add(command(current));
        current.clear();
      } else {
        current.add(arg);
      }
    }
    commands.add(command(current));
    return new Plan(runs, warmup, commands);
  }

  private static Command command(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + SEPARATOR + "': a label and a command must come before and after it");
    }
    return new Command(words.get(0), words.subList(1, words.size()));
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': not a whole number", e);
    }
  }

  /**
   * Runs every round in the plan's order, warm-ups first, and returns the counted milliseconds:
   * {@code [command][round]}.
   */
  static double[][] measure(Plan plan, Runner runner) throws IOException, InterruptedException {
    int n = plan.commands().size();
    double[][] millis = new double[n][plan.runs()];
    for (int round = -plan.warmup(); round < plan.runs(); round++) {
      for (int c = 0; c < n; c++) {
        long nanos = runner.nanos(plan.commands().get(c));
        if (round >= 0) {
          millis[c][round] = nanos / 1e6;
        }
      }
    }
    return millis;
  }

  /** From just before the process starts to just after it is reaped. */
  private static long timed(Command command, Path stderr) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command.argv())
            .redirectInput(new File("/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(RUN_BOUND_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IOException(
          "'" + command.label() + "': still running after " + RUN_BOUND_SECONDS + " s: killed");
    }
    long nanos = System.nanoTime() - start;
    if (process.exitValue() != 0) {
      String said = Files.readString(stderr, StandardCharsets.UTF_8).strip();
      throw new IOException(
          "'"
              + command.label()
              + "': exited "
              + process.exitValue()
              + ", a timing of a failure says nothing: "
              + String.join(" ", command.argv())
              + (said.isEmpty() ? "" : "\n" + said));
    }
    return nanos;
  }

  /** The median: the middle value, or the mean of the two middle values of an even count. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("'0': no values have no median");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Round by round, {@code a[i] / b[i]}. */
  static double[] ratios(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "'" + a.length + " and " + b.length + "': ratios need as many rounds of each");
    }
    double[] ratios = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      ratios[i] = a[i] / b[i];
    }
    return ratios;
  }

  static String report(Plan plan, double[][] millis) {
    List<Command> commands = plan.commands();
    Command yardstick = commands.get(commands.size() - 1);
    int width = ("ratio to " + yardstick.label()).length();
    for (Command command : commands) {
      width = Math.max(width, command.label().length());
    }
    String row = "%-" + width + "s %9s %9s %9s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "paired whole-process timings: %d rounds after %d warm-up rounds, each round %s in"
                + " turn%n",
            plan.runs(),
            plan.warmup(),
            String.join(" ", commands.stream().map(Command::label).toList())));
    out.append(String.format(Locale.ROOT, row, "wall ms", "min", "median", "max"));
    for (int c = 0; c < commands.size(); c++) {
      appendRow(out, row, commands.get(c).label(), Spread.of(millis[c]), "%.1f");
    }
    out.append(
        String.format(Locale.ROOT, row, "ratio to " + yardstick.label(), "min", "median", "max"));
    for (int c = 0; c < commands.size() - 1; c++) {
      double[] ratios = ratios(millis[c], millis[commands.size() - 1]);
      appendRow(out, row, commands.get(c).label(), Spread.of(ratios), "%.2f");
    }
    return out.toString();
  }

  private static void appendRow(
      StringBuilder out, String row, String label, Spread spread, String number) {
    out.append(
        String.format(
            Locale.ROOT,
            row,
            label,
            String.format(Locale.ROOT, number, spread.min()),
            String.format(Locale.ROOT, number, spread.median()),
            String.format(Locale.ROOT, number, spread.max())));
  }
}
