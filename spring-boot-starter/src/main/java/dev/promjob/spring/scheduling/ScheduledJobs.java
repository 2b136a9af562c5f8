package dev.promjob.spring.scheduling;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.Schedule;
import dev.promjob.spring.scheduling.ScheduledMethods.Key;
import dev.promjob.spring.scheduling.ScheduledMethods.Target;
import dev.promjob.spring.scheduling.ScheduledMethods.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;

/**
 * The promjob job of each {@code @Scheduled} method: named after its bean and method ({@code
 * reportCleaner.purgeOld()} is {@code report_cleaner_purge_old}), renamed or left out by
 * configuration ({@value #PREFIX}{@code <name>.name}, {@code .enabled}), with the expected interval
 * of its {@code fixedRate} or {@code fixedDelay}, or the schedule of its {@code cron} and {@code
 * zone}; then lib's per-job keys ({@code promjob.job.<name>.schedule}, {@code .grace}...) over it.
 */
final class ScheduledJobs {
  private static final Log LOG = LogFactory.getLog(ScheduledJobs.class);

  /** Per-method keys: {@code promjob.scheduled.job.<default name>.name} and {@code .enabled}. */
  static final String PREFIX = "promjob.scheduled.job.";

  private final ScheduledMethods methods;
  private final Reporter reporter;
  private final Function<String, Optional<String>> settings;
  private final InstantSource clock;
  private final Map<Key, Optional<Job>> jobs = new ConcurrentHashMap<>();

  ScheduledJobs(
      ScheduledMethods methods,
      Reporter reporter,
      Function<String, Optional<String>> settings,
      InstantSource clock) {
    this.methods = methods;
    this.reporter = reporter;
    this.settings = settings;
    this.clock = clock;
  }

  /** The job of the method Spring's observation names {@code key}; empty if none or left out. */
  Optional<Job> jobFor(Key key) {
    Target target = methods.target(key);
    if (target == null) {
      return Optional.empty();
    }
    return jobs.computeIfAbsent(key, k -> job(target));
  }

  /**
   * Every scheduled method's job, each checked now so that a bad setting fails the start, not a
   * run.
   *
   * @throws IllegalArgumentException naming the key and the rule, or two methods given one name
   */
  List<Job> all() {
    Map<String, String> byName = new HashMap<>();
    List<Job> all = new ArrayList<>();
    methods
        .all()
        .forEach(
            (key, target) -> {
              String where = where(target);
              if (methods.beans(key).size() > 1) {
                LOG.warn(
                    "promjob: "
                        + where
                        + " is scheduled by the beans "
                        + methods.beans(key)
                        + ", which Spring's observation does not tell apart: their runs are"
                        + " reported as one job");
              }
              jobFor(key)
                  .ifPresent(
                      job -> {
                        String other = byName.putIfAbsent(job.name(), where);
                        if (other != null) {
                          throw new IllegalArgumentException(
                              "'"
                                  + job.name()
                                  + "': the job name of both "
                                  + other
                                  + " and "
                                  + where
                                  + "; rename one with "
                                  + PREFIX
                                  + defaultName(target)
                                  + ".name");
                        }
                        all.add(job);
                      });
            });
    return all;
  }

  private Optional<Job> job(Target target) {
    String id = defaultName(target);
    boolean enabled =
        settings
            .apply(PREFIX + id + ".enabled")
            .map(v -> bool(v, PREFIX + id + ".enabled"))
            .orElse(true);
    if (!enabled) {
      return Optional.empty();
    }
    String name = settings.apply(PREFIX + id + ".name").map(String::strip).orElse(id);
    Job.Builder b = Job.machineBound(name);
    if (target.triggers().size() == 1) {
      declare(b, target.triggers().get(0), name, where(target));
    }
    return Optional.of(reporter.configured(b.build()));
  }

  private void declare(Job.Builder b, Trigger t, String name, String where) {
    if (!t.cron().isEmpty()) {
      if (!t.cron().equals(Scheduled.CRON_DISABLED)) {
        cron(b, t, name, where);
      }
      return;
    }
    duration(t.fixedRate(), t.fixedRateString(), t)
        .or(() -> duration(t.fixedDelay(), t.fixedDelayString(), t))
        .ifPresent(b::expectedInterval);
  }

  /**
   * The method's cron in its zone as the job's schedule, with a grace of one period (the shortest
   * time between two of its next {@value #GAPS} scheduled times: a day for {@code 0 30 6 * *
   * MON-FRI}, whose Friday success is then due by Tuesday's run): one missed run is tolerated, as
   * twice a fixed rate's interval is. A cron lib cannot hold as a schedule (due more than once a
   * minute, or Spring's {@code L}, {@code W}, {@code #}) becomes an expected interval, the longest
   * gap between its next {@value #GAPS} times as Spring computes them: never the application
   * without its task.
   */
  private void cron(Job.Builder b, Trigger t, String name, String where) {
    ZoneId zone =
        t.zone().isEmpty()
            ? ZoneId.systemDefault()
            : Schedule.zone(t.zone(), "the zone of @Scheduled on " + where);
    try {
      Schedule probe = Schedule.parse(t.cron(), zone, Duration.ofSeconds(1));
      Instant at = probe.next(clock.instant());
      Duration shortest = null;
      for (int i = 0; i < GAPS; i++) {
        Instant next = probe.next(at);
        Duration gap = Duration.between(at, next);
        shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
        at = next;
      }
      b.schedule(t.cron(), zone, shortest);
    } catch (IllegalArgumentException | IllegalStateException refused) {
      Optional<Duration> gap = longestGap(t.cron(), zone);
      gap.ifPresent(b::expectedInterval);
      LOG.warn(
          "promjob: job '"
              + name
              + "' ("
              + where
              + ") "
              + gap.map(g -> "is expected every " + g + ", not by a deadline")
                  .orElse("has no deadline")
              + ": "
              + refused.getMessage()
              + "; set promjob.job."
              + name
              + ".schedule and .grace to give it one");
    }
  }

  private static final int GAPS = 100;

  private Optional<Duration> longestGap(String cron, ZoneId zone) {
    try {
      CronExpression e = CronExpression.parse(cron);
      ZonedDateTime at = e.next(clock.instant().atZone(zone));
      Duration longest = Duration.ZERO;
      for (int i = 0; i < GAPS && at != null; i++) {
        ZonedDateTime next = e.next(at);
        if (next != null && Duration.between(at, next).compareTo(longest) > 0) {
          longest = Duration.between(at, next);
        }
        at = next;
      }
      return longest.isZero() ? Optional.empty() : Optional.of(longest);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> duration(long value, String text, Trigger t) {
    Duration d;
    if (!text.isEmpty()) {
      d =
          DurationFormatterUtils.detectAndParse(
              text, DurationFormat.Unit.fromChronoUnit(t.timeUnit().toChronoUnit()));
    } else if (value > 0) {
      d = Duration.of(value, t.timeUnit().toChronoUnit());
    } else {
      return Optional.empty();
    }
    return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  private static boolean bool(String value, String key) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("'" + value + "': " + key + " must be true or false");
    }
    return v.equals("true");
  }

  private static String where(Target t) {
    return t.method().getDeclaringClass().getName() + "." + t.method().getName() + "()";
  }

  /** The bean's name and the method's, in snake case: {@code report_cleaner_purge_old}. */
  static String defaultName(Target t) {
    return snake(t.beanName()) + "_" + snake(t.method().getName());
  }

  static String snake(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    char previous = '_';
    for (char c : s.toCharArray()) {
      char next;
      if (c >= 'A' && c <= 'Z') {
        if ((previous >= 'a' && previous <= 'z') || (previous >= '0' && previous <= '9')) {
          sb.append('_');
        }
        next = Character.toLowerCase(c);
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        next = c;
      } else {
        next = '_';
      }
      if (next != '_' || (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_')) {
        sb.append(next);
      }
      previous = c;
    }
    while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
      sb.setLength(sb.length() - 1);
    }
    return sb.length() == 0 ? "scheduled" : sb.toString();
  }
}
