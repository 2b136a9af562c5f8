package dev.promjob.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One subcommand's arguments: {@code --name value} or {@code --name=value} options (some
 * repeatable), {@code --flag} switches, positional arguments, and everything after {@code --}
 * untouched (the wrapped command). Unknown options are refused at once, naming them.
 *
 * <p>Hand-written rather than picocli: it is what every cron job pays for at start-up (measured in
 * the closing note of the command line's issue), and four subcommands need no more than this.
 */
final class Args {
  private final Map<String, List<String>> options = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private final List<String> command = new ArrayList<>();

  private Args() {}

  /**
   * @param valued the options that take a value
   * @param switches the options that take none
   * @param commandAfterDashes whether {@code --} starts a command (run) or is refused
   * @throws UsageException naming the first argument that does not fit
   */
  static Args parse(
      List<String> args, Set<String> valued, Set<String> switches, boolean commandAfterDashes) {
    Args a = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        if (!commandAfterDashes) {
          throw new UsageException("'--': this subcommand runs no command");
        }
        a.command.addAll(args.subList(i + 1, args.size()));
        return a;
      }
      if (!arg.startsWith("--") || arg.equals("-")) {
        a.positional.add(arg);
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (switches.contains(name)) {
        if (eq >= 0) {
          throw new UsageException("'" + arg + "': " + name + " takes no value");
        }
        a.add(name, "");
      } else if (valued.contains(name)) {
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          value = args.get(++i);
        } else if (i + 1 < args.size()) {
          // "--timeout --textfile-dir D": no option value starts with --, so the value is missing;
          // taking the next flag as it would shift every later argument into the wrong place.
          throw new UsageException("'" + args.get(i + 1) + "': " + name + " needs " + what(name));
        } else {
          throw new UsageException("'" + name + "': needs " + what(name));
        }
        a.add(name, value);
      } else {
        throw new UsageException("'" + name + "': unknown option");
      }
    }
    return a;
  }

  /** What an option's value is, in the usage text's words: {@code a DURATION}. */
  private static String what(String name) {
    return switch (name) {
      case "--every", "--grace", "--timeout", "--kill-after", "--stale-after", "--max-runtime" ->
          "a DURATION";
      case "--schedule" -> "a CRON expression";
      case "--zone" -> "a ZONE";
      case "--job", "--backend", "--user" -> "a NAME";
      case "--label" -> "a K=V";
      case "--textfile-dir" -> "a DIR";
      case "--node-exporter", "--prometheus" -> "a URL";
      case "--format" -> "text or json";
      default -> "a value";
    };
  }

  // No lambdas on the path of every run: each one's first call costs a one-shot JVM about 0.15 ms.
  private void add(String name, String value) {
    List<String> values = options.get(name);
    if (values == null) {
      values = new ArrayList<>(1);
      options.put(name, values);
    }
    values.add(value);
  }

  /** The value of a single-valued option; refused when given twice. */
  Optional<String> one(String name) {
    List<String> values = options.get(name);
    if (values == null) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new UsageException("'" + values.get(1) + "': " + name + " is given twice");
    }
    return Optional.of(values.get(0));
  }

  String required(String name) {
    Optional<String> value = one(name);
    if (value.isEmpty()) {
      throw new UsageException("'" + name + "': is required");
    }
    return value.get();
  }

  /** Every value of a repeatable option, in order. */
  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  List<String> positional() {
    return positional;
  }

  List<String> command() {
    return command;
  }
}
