package dev.promjob.samples.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Paired whole-process timings with nothing but a JDK: two or more commands run in turn, A B A B
 * ..., after warm-up rounds that are not counted, each from its start to its exit, and the figures
 * of each, min, median and max of the wall milliseconds and the mean CPU time, then every command's
 * ratio to the last one (the yardstick), its wall time taken round by round. The machine's speed
 * drifts (other work, frequency, the page cache) while a benchmark runs; a ratio of two runs next
 * to each other cancels most of that drift, and its median ignores one slow or one lucky round.
 * Each command is {@code LABEL ARGV...}, commands are separated by {@code :::} (a command line such
 * as {@code promjob run} uses {@code --} itself), and run without a shell, stdin and stdout on
 * {@code /dev/null}.
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

  private static final Path PROC_SELF_STAT = Path.of("/proc/self/stat");

  /** cutime is the 16th field of /proc/PID/stat, cstime the 17th (proc(5)). */
  private static final int CUTIME = 16;

  /** /proc counts in USER_HZ ticks, 100 a second on every Linux but alpha and ia64. */
  private static final double MILLIS_PER_TICK = 10;

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

  /** One run's wall time, and the CPU time of the process and of what it waited for. */
  record Run(double wallMillis, double cpuMillis) {}

  /** Counted rounds: {@code wall[command][round]} and {@code cpu[command][round]}, in ms. */
  record Timings(double[][] wall, double[][] cpu) {}

  /** Runs one command once. */
  @FunctionalInterface
  interface Runner {
    Run run(Command command) throws IOException, InterruptedException;
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
  static Timings measure(Plan plan, Runner runner) throws IOException, InterruptedException {
    int n = plan.commands().size();
    Timings timings = new Timings(new double[n][plan.runs()], new double[n][plan.runs()]);
    for (int round = -plan.warmup(); round < plan.runs(); round++) {
      for (int c = 0; c < n; c++) {
        Run run = runner.run(plan.commands().get(c));
        if (round >= 0) {
          timings.wall()[c][round] = run.wallMillis();
          timings.cpu()[c][round] = run.cpuMillis();
        }
      }
    }
    return timings;
  }

  /**
   * Wall: from just before the process starts to just after it is reaped. CPU: what the kernel adds
   * to this JVM's account of its reaped children (user and system time of the process and of every
   * child it waited for), in ticks of 10 ms; a run's figure is off by up to a tick, but the account
   * is a running total, so the mean over the rounds is exact to a tick over all of them.
   */
  static Run timed(Command command, Path stderr) throws IOException, InterruptedException {
    long ticks = childTicks();
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
    long cpuTicks = childTicks() - ticks;
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
    return new Run(nanos / 1e6, cpuTicks * MILLIS_PER_TICK);
  }

  /** {@code /proc/self/stat}'s cutime + cstime: the CPU time of the children this JVM reaped. */
  private static long childTicks() throws IOException {
    String stat = Files.readString(PROC_SELF_STAT, StandardCharsets.US_ASCII);
    // Fields from the third (the state) on: the process name before it may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[CUTIME - 3]) + Long.parseLong(fields[CUTIME - 2]);
  }

  /**
   * Each command's wall spread and mean CPU, then its wall ratio to the yardstick round by round
   * (min, median, max) and the ratio of the CPU means (a run's CPU is counted in 10 ms ticks: only
   * a mean over the rounds means something).
   */
  static String report(Plan plan, Timings timings) {
    List<Command> commands = plan.commands();
    int last = commands.size() - 1;
    String yardstick = "ratio to " + commands.get(last).label();
    int width = yardstick.length();
    for (Command command : commands) {
      width = Math.max(width, command.label().length());
    }
    String row = "%-" + width + "s %9s %9s %9s %13s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "paired whole-process timings: %d rounds after %d warm-up rounds, each round %s in"
                + " turn%n",
            plan.runs(),
            plan.warmup(),
            String.join(" ", commands.stream().map(Command::label).toList())));
    out.append(String.format(Locale.ROOT, row, "wall ms", "min", "median", "max", "cpu ms mean"));
    for (int c = 0; c <= last; c++) {
      double cpu = Spread.mean(timings.cpu()[c]);
      row(out, row, commands.get(c).label(), Spread.of(timings.wall()[c]), cpu, "%.1f");
    }
    out.append(String.format(Locale.ROOT, row, yardstick, "min", "median", "max", "cpu means"));
    double cpuYardstick = Spread.mean(timings.cpu()[last]);
    for (int c = 0; c < last; c++) {
      Spread ratios = Spread.of(Spread.ratios(timings.wall()[c], timings.wall()[last]));
      double cpu = Spread.mean(timings.cpu()[c]) / cpuYardstick;
      row(out, row, commands.get(c).label(), ratios, cpu, "%.2f");
    }
    return out.toString();
  }

  private static void row(
      StringBuilder out, String row, String label, Spread spread, double cpu, String number) {
    out.append(
        String.format(
            Locale.ROOT,
            row,
            label,
            String.format(Locale.ROOT, number, spread.min()),
            String.format(Locale.ROOT, number, spread.median()),
            String.format(Locale.ROOT, number, spread.max()),
            // A yardstick that used no tick of CPU has no ratio: 0/0 or x/0.
            Double.isFinite(cpu) ? String.format(Locale.ROOT, number, cpu) : "-"));
  }
}
