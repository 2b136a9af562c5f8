package dev.promjob.cli;

import dev.promjob.Config;
import dev.promjob.Durations;
import dev.promjob.Job;
import dev.promjob.Reporter;
import java.nio.file.Path;
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
    Job.Builder b = Job.machineBound(name);
    for (String label : args.all(LABEL)) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("'" + label + "': " + LABEL + " must be NAME=VALUE");
      }
      b.groupingLabel(label.substring(0, eq), label.substring(eq + 1));
    }
    Optional<String> every = args.one(EVERY); // no lambdas on every run's path (see Args)
    if (every.isPresent()) {
      b.expectedInterval(Durations.parse(every.get(), EVERY));
    }
    Job job = b.build();
    Map<String, String> flags = new TreeMap<>(extra);
    Optional<String> dir = args.one(TEXTFILE_DIR);
    Optional<String> backend = args.one(BACKEND);
    if (dir.isPresent() && backend.isPresent()) {
      throw new UsageException(
          "'" + backend.get() + "': " + BACKEND + " and " + TEXTFILE_DIR + " exclude each other");
    }
    if (dir.isPresent()) {
      flags.put(Config.TEXTFILE_DIR, dir.get());
      flags.put(Config.jobBackendKey(name), Reporter.TEXTFILE);
    }
    if (backend.isPresent()) {
      flags.put(Config.jobBackendKey(name), backend.get());
    }
    return new Settings(base.overriddenBy(Config.of(flags)), job);
  }

  Job job() {
    return job;
  }

  Reporter reporter() {
    return Reporter.builder().textfileDirectory(DEBIAN_TEXTFILE_DIR).config(config).build();
  }

  /** The textfile directory in force: configuration, else Debian's. */
  static Path textfileDirectory(Config config) {
    return config.path(Config.TEXTFILE_DIR).orElse(DEBIAN_TEXTFILE_DIR);
  }
}
