package dev.promjob.cli;

import dev.promjob.Config;
import dev.promjob.Durations;
import dev.promjob.Schedule;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --schedule CRON [--zone ZONE] --grace DURATION}: the job's schedule in its crontab line.
 * Each flag is its key on the command line ({@code promjob.job.<name>.schedule}, {@code .zone},
 * {@code .grace}) and overrides it, as every flag overrides configuration; so the dialect, the
 * defaults (the JVM's zone: {@code TZ}, else {@code /etc/localtime}) and the rules are the
 * library's, and so are the messages, naming the flag instead of the key.
 *
 * <pre>{@code
 * 30 3 * * 1-5  promjob run --job backup --schedule '30 3 * * 1-5' --grace 1h -- /usr/local/bin/backup
 * }</pre>
 */
final class ScheduleFlags {
  static final String SCHEDULE = "--schedule";
  static final String ZONE = "--zone";
  static final String GRACE = "--grace";
  private static final String KEY = Config.PREFIX + "job.";

  private ScheduleFlags() {}

  /**
   * Checks the schedule flags and lays them into {@code flags} as the keys they stand for.
   *
   * @param config the configuration under the flags, for the parts they leave to it
   * @throws IllegalArgumentException {@code '<value>': <rule>}, as for the keys
   * @throws UsageException for {@code --every} beside {@code --schedule}
   */
  static void put(Args args, String job, Config config, Map<String, String> flags) {
    Optional<String> cron = args.one(SCHEDULE);
    Optional<String> zone = args.one(ZONE);
    Optional<String> grace = args.one(GRACE);
    if (cron.isEmpty() && zone.isEmpty() && grace.isEmpty()) {
      return;
    }
    Optional<String> every = args.one(Settings.EVERY);
    if (every.isPresent() && cron.isPresent()) {
      throw new UsageException(
          Messages.quoted(every.get())
              + ": "
              + Settings.EVERY
              + " and "
              + SCHEDULE
              + " exclude each other: a job has an expected interval or a schedule, not both");
    }
    // In the library's order (JobKeys.configured), so that the first refusal is the same too.
    if (cron.isEmpty() && config.jobSetting(job, ".schedule").isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + (zone.isPresent() ? ZONE : GRACE)
              + "': is set, but the job has no schedule: set "
              + SCHEDULE
              + " too");
    }
    if (zone.isPresent()) {
      Schedule.zone(zone.get(), ZONE);
    }
    if (grace.isPresent()) {
      Durations.parse(grace.get(), GRACE);
    }
    if (cron.isPresent()) {
      if (grace.isEmpty() && config.jobSetting(job, ".grace").isEmpty()) {
        throw new IllegalArgumentException(
            "'"
                + SCHEDULE
                + "': needs "
                + GRACE
                + " too: how long after a scheduled time a run may still succeed");
      }
      try { // the expression alone: the zone and grace, flags or keys, are checked on their own
        Schedule.parse(cron.get(), ZoneOffset.UTC, Duration.ofMinutes(1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (" + SCHEDULE + ")", e);
      }
      flags.put(KEY + job + ".schedule", cron.get());
    }
    if (zone.isPresent()) { // no lambdas on the path of every run (see Args)
      flags.put(KEY + job + ".zone", zone.get());
    }
    if (grace.isPresent()) {
      flags.put(KEY + job + ".grace", grace.get());
    }
  }
}
