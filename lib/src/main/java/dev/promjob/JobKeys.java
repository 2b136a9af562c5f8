package dev.promjob;

import dev.promjob.internal.Checks;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The per-job keys, {@code promjob.job.<name>.backend}, {@code .schedule}, {@code .zone} and {@code
 * .grace}, and their variables, {@code PROMJOB_JOB_<NAME>_BACKEND} and so on: in the catalogue as
 * {@code promjob.job.*.backend}, whose variables {@link KeyCatalogue} keeps by name and {@link
 * Config#get} matches when a job asks.
 */
final class JobKeys {
  static final String PREFIX = "promjob.job.";
  static final String BACKEND = ".backend";
  static final String SCHEDULE = ".schedule";
  static final String ZONE = ".zone";
  static final String GRACE = ".grace";
  static final String MAX_RUNTIME = ".max_runtime";
  static final String IN_PROGRESS = ".in_progress";
  static final List<String> SUFFIXES =
      List.of(BACKEND, SCHEDULE, ZONE, GRACE, MAX_RUNTIME, IN_PROGRESS);

  private JobKeys() {}

  /** {@code promjob.job.<name><suffix>}. */
  static String key(String jobName, String suffix) {
    if (!SUFFIXES.contains(suffix)) {
      throw Checks.invalid(suffix, "not a per-job key; known: " + SUFFIXES);
    }
    return PREFIX + jobName + suffix;
  }

  /**
   * {@code job} with the schedule its configuration gives it ({@code .schedule}, {@code .zone},
   * {@code .grace}), each key over the declared value; a configured schedule replaces an expected
   * interval. Operators correct a schedule without a release.
   *
   * @throws IllegalArgumentException naming the key and the rule
   */
  static Job configured(Job job, Config config) {
    return runs(scheduled(job, config), config);
  }

  /**
   * {@code job} with the maximum runtime ({@code .max_runtime}) and in-progress choice ({@code
   * .in_progress}, {@code true} or {@code false}) its configuration gives it, over the declared.
   */
  private static Job runs(Job job, Config config) {
    String name = job.name();
    String max = config.jobSetting(name, MAX_RUNTIME).orElse(null);
    String marks = config.jobSetting(name, IN_PROGRESS).orElse(null);
    if (max == null && marks == null) {
      return job; // before any lambda: each costs a cold JVM about 1 ms
    }
    return job.withRuns(
        Optional.ofNullable(max).map(v -> Checks.duration(v, key(name, MAX_RUNTIME))),
        Optional.ofNullable(marks).map(v -> bool(v, key(name, IN_PROGRESS))));
  }

  private static boolean bool(String value, String key) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw Checks.invalid(value, key + " must be true or false");
    }
    return v.equals("true");
  }

  private static Job scheduled(Job job, Config config) {
    String name = job.name();
    Optional<String> cron = config.jobSetting(name, SCHEDULE);
    Optional<String> zone = config.jobSetting(name, ZONE);
    Optional<String> grace = config.jobSetting(name, GRACE);
    if (cron.isEmpty() && zone.isEmpty() && grace.isEmpty()) {
      return job;
    }
    Schedule declared = job.schedule().orElse(null);
    String c = cron.orElse(declared == null ? null : declared.cron());
    if (c == null) {
      throw Checks.invalid(
          key(name, zone.isPresent() ? ZONE : GRACE),
          "is set, but the job has no schedule: set " + key(name, SCHEDULE) + " too");
    }
    ZoneId z =
        zone.map(v -> Schedule.zone(v, key(name, ZONE)))
            .orElse(declared == null ? ZoneId.systemDefault() : declared.zone());
    Duration g =
        grace
            .map(v -> Checks.duration(v, key(name, GRACE)))
            .orElse(declared == null ? null : declared.grace());
    if (g == null) {
      throw Checks.invalid(
          key(name, SCHEDULE),
          "needs "
              + key(name, GRACE)
              + " too: how long after a scheduled time a run may still succeed");
    }
    try {
      return job.withSchedule(Schedule.parse(c, z, g));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + key(name, SCHEDULE) + ")", e);
    }
  }
}
