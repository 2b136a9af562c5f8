package dev.promjob.cli;

import dev.promjob.Config;
import dev.promjob.Durations;
import dev.promjob.Job;
import dev.promjob.Reporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the options shared by the subcommands make: the configuration (the library's file,
 * environment and {@code -D} sources, with flags laid over them), the job, and the reporter.
 */
final class Settings {
  /** Where Debian's prometheus-node-exporter reads textfiles: the default when none is set. */
  static final Path DEBIAN_TEXTFILE_DIR = Path.of("/var/lib/prometheus/node-exporter");

  static final String JOB = "--job";
  static final String LABEL = "--label";
  static final String EVERY = "--every";
  static final String TEXTFILE_DIR = "--textfile-dir";
  static final String BACKEND = "--backend";
  static final String MAX_RUNTIME = "--max-runtime";
  static final String IN_PROGRESS = "--in-progress";
  static final String NO_IN_PROGRESS = "--no-in-progress";

  private final Config config;
  private final Job job;

  private Settings(Config config, Job job) {
    this.config = config;
    this.job = job;
  }

  /**
   * @param base the configuration of the process ({@link Config#load()})
   * @param extra keys the subcommand itself sets, laid over everything
   */
  static Settings of(Args args, Config base, Map<String, String> extra) {
    String name = args.required(JOB);
    Job.Builder b = Job.machineBound(name); // the name is checked first, before any key uses it
    Map<String, String> flags = new TreeMap<>(extra);
    Optional<String> dir = args.one(TEXTFILE_DIR);
    Optional<String> backend = args.one(BACKEND);
    if (dir.isPresent() && backend.isPresent() && !names(backend.get()).contains(TEXTFILE)) {
      // --textfile-dir means the textfile backend: with a list that names it, it says where.
      throw new UsageException(
          "'" + backend.get() + "': " + BACKEND + " and " + TEXTFILE_DIR + " exclude each other");
    }
    if (dir.isPresent()) {
      flags.put(Config.TEXTFILE_DIR, dir.get());
      flags.put(Config.jobBackendKey(name), TEXTFILE);
    }
    if (backend.isPresent()) {
      flags.put(Config.jobBackendKey(name), backend.get());
    }
    ScheduleFlags.put(args, name, base, flags);
    // Like the schedule flags, these stand for their keys and override them: the crontab line is
    // the operator's own configuration of the job, the nearest to the run.
    Optional<String> max = args.one(MAX_RUNTIME);
    if (max.isPresent()) {
      Durations.parse(max.get(), MAX_RUNTIME); // refused naming the flag, not the key
      flags.put(Config.PREFIX + "job." + name + ".max_runtime", max.get());
    }
    if (args.has(IN_PROGRESS) && args.has(NO_IN_PROGRESS)) {
      throw new UsageException(
          "'"
              + NO_IN_PROGRESS
              + "': "
              + IN_PROGRESS
              + " and "
              + NO_IN_PROGRESS
              + " exclude each other");
    }
    if (args.has(IN_PROGRESS) || args.has(NO_IN_PROGRESS)) {
      flags.put(inProgressKey(name), String.valueOf(args.has(IN_PROGRESS)));
    }
    Config config = base.overriddenBy(Config.of(flags));
    for (String label : args.all(LABEL)) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("'" + label + "': " + LABEL + " must be NAME=VALUE");
      }
      String key = label.substring(0, eq);
      requireOwnLabel(key, label, name, backendName(config, name));
      b.groupingLabel(key, label.substring(eq + 1));
    }
    Optional<String> every = args.one(EVERY); // no lambdas on every run's path (see Args)
    if (every.isPresent()) {
      b.expectedInterval(Durations.parse(every.get(), EVERY));
    }
    return new Settings(config, b.build());
  }

  private static final String TEXTFILE = Reporter.TEXTFILE;

  /**
   * The backend {@code Reporter.backendFor} will choose for a job of the command line, for its
   * messages: the textfile if it is one of several, whose rules are the strictest.
   */
  private static String backendName(Config config, String job) {
    Optional<String> named = config.jobBackend(job);
    if (named.isEmpty()) {
      named = config.get(Config.BACKEND);
    }
    if (named.isEmpty()) {
      return TEXTFILE;
    }
    List<String> names = names(named.get());
    return names.contains(TEXTFILE) ? TEXTFILE : names.get(0);
  }

  /**
   * The names of a {@code --backend} value, {@code textfile,pushgateway}; the library checks it.
   */
  private static List<String> names(String value) {
    List<String> names = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      names.add(part.trim());
    }
    return names;
  }

  /**
   * Refuses, in the command line's words, the two labels a shell user reaches for first; the
   * library's own messages speak of its builders.
   */
  private static void requireOwnLabel(String key, String label, String job, String backend) {
    if (key.equals("job")) {
      throw new UsageException(
          Messages.quoted(label) + ": the job label is the job's name: give it with --job");
    }
    if (!key.equals("instance")) {
      return;
    }
    String value = label.substring(label.indexOf('=') + 1);
    if (backend.equals(TEXTFILE)) {
      throw new UsageException(
          Messages.quoted(label)
              + ": node_exporter's scrape gives every series of this host's textfiles the host's"
              + " instance label: remove --label instance");
    }
    throw new UsageException(
        Messages.quoted(label)
            + ": instance is the scrape target's label, not the job's; on the "
            + backend
            + " backend every host that runs job "
            + Messages.quoted(job)
            + " reports into one group unless a label of its own tells them apart: use --label"
            + " host="
            + value);
  }

  Job job() {
    return job;
  }

  /**
   * These settings for an invocation that runs nothing (it found the run lock held, or could not
   * take it): it publishes no start and its report carries no run in progress, whatever the job
   * chose, so that the run in progress that holds the lock stays seen on every backend.
   */
  Settings withoutStart() {
    return new Settings(
        config.overriddenBy(Config.of(Map.of(inProgressKey(job.name()), "false"))), job);
  }

  private static String inProgressKey(String job) {
    return Config.PREFIX + "job." + job + ".in_progress";
  }

  Reporter reporter() {
    return Reporter.builder().textfileDirectory(DEBIAN_TEXTFILE_DIR).config(config).build();
  }

  /** The textfile directory in force: configuration, else Debian's. */
  static Path textfileDirectory(Config config) {
    return config.path(Config.TEXTFILE_DIR).orElse(DEBIAN_TEXTFILE_DIR);
  }
}
