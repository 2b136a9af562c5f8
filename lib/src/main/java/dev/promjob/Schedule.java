package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.internal.Cron;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a job is due: a cron expression in a time zone, and how long after a scheduled time a run
 * may still succeed. A job with a schedule exports {@value BatchMetrics#DEADLINE}, the first
 * scheduled time after its last success plus the grace, and one rule alerts on every such job:
 * {@code time() >= promjob_deadline_timestamp_seconds}. Until its first success, its failed runs
 * export {@value BatchMetrics#FIRST_SUCCESS_DEADLINE} instead, counted from their own start.
 *
 * <pre>{@code
 * Job report = Job.serviceLevel("weekday_report")
 *     .schedule("30 6 * * MON-FRI", ZoneId.of("Europe/Berlin"), Duration.ofMinutes(45))
 *     .build();
 * }</pre>
 *
 * <p>The cron dialect is Vixie cron's five fields, with its daylight-saving rules, or Spring's six
 * ({@code @Scheduled(cron = "0 30 6 * * MON-FRI")}), read as Spring reads them; see {@link #parse}.
 */
public final class Schedule {
  private final Cron cron;
  private final ZoneId zone;
  private final Duration grace;

  private Schedule(Cron cron, ZoneId zone, Duration grace) {
    this.cron = cron;
    this.zone = zone;
    this.grace = grace;
  }

  /**
   * A schedule of standard five-field cron: {@code minute hour day-of-month month day-of-week},
   * each a {@code *}, a number, a range or a list, with steps ({@code *}{@code /15}, {@code
   * 9-17/2}), month and day names ({@code JAN}, {@code MON-FRI}), and the macros {@code @hourly},
   * {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly}. When both day fields are
   * restricted, either matching is enough (as in Vixie cron). A time in a daylight-saving gap is
   * due when the gap ends, a time in an overlap once, at its first occurrence, unless the minute or
   * hour field starts with {@code *} (then the wall clock decides, as cron runs it).
   *
   * <p>Or Spring's six fields, {@code second minute hour day-of-month month day-of-week}, as
   * {@code @Scheduled(cron = ...)} takes them and Spring reads them: both day fields must match;
   * day-of-week runs from Monday (1) to Sunday (7, or 0), so {@code *}{@code /2} starts on Monday;
   * {@code 5/15} is {@code 5-59/15}; the wall clock decides across daylight saving (a time in a gap
   * does not come that day, one in an overlap comes twice). The seconds field names one second
   * (deadlines are per minute); Quartz's {@code ?}, {@code L}, {@code W} and {@code #}, which
   * Spring also takes, are refused, with what to write instead where the fields can say the same.
   * For an {@code @Scheduled} method the zone is its {@code zone} attribute ({@code
   * TimeZone.getTimeZone(zone).toZoneId()}) or {@link ZoneId#systemDefault()}.
   *
   * @param grace how long after a scheduled time a run may still succeed; positive
   * @throws IllegalArgumentException {@code '<expression>': <rule>}, naming the field
   */
  public static Schedule parse(String cron, ZoneId zone, Duration grace) {
    Objects.requireNonNull(cron, "cron expression must not be null");
    Objects.requireNonNull(zone, "zone must not be null");
    Objects.requireNonNull(grace, "grace must not be null");
    if (grace.isNegative() || grace.isZero()) {
      throw Checks.invalid(
          grace.toString(),
          "grace must be positive: a run cannot succeed exactly at its scheduled time");
    }
    Checks.duration(grace, "grace");
    return new Schedule(Cron.parse(cron), zone, grace);
  }

  /**
   * A time zone as configuration and the command line give it: a region ({@code Europe/Berlin}) or
   * a fixed offset ({@code UTC}, {@code +02:00}), surrounding blanks ignored.
   *
   * @param what the key or flag the value was given for, named in the message
   * @throws IllegalArgumentException {@code '<value>': <what> must be a time zone such as
   *     Europe/Berlin or UTC}
   */
  public static ZoneId zone(String value, String what) {
    Objects.requireNonNull(value, "zone must not be null");
    Objects.requireNonNull(what, "what must not be null");
    try {
      return ZoneId.of(value.strip());
    } catch (DateTimeException e) {
      throw Checks.invalid(value, what + " must be a time zone such as Europe/Berlin or UTC");
    }
  }

  /** The cron expression as given. */
  public String cron() {
    return cron.expression();
  }

  public ZoneId zone() {
    return zone;
  }

  public Duration grace() {
    return grace;
  }

  /**
   * The first scheduled time strictly after {@code after}, however far: matches of a date on a
   * weekday can be 12 years apart, of 29 February on a weekday 40.
   *
   * @throws IllegalStateException if the schedule names no time after {@code after} in its zone:
   *     every day it names falls in a daylight-saving gap ({@code * 2 31 3 *}{@code /7} in
   *     Europe/Berlin, where 31 March on a Sunday is always the night clocks go forward)
   */
  public Instant next(Instant after) {
    Instant next = cron.next(Objects.requireNonNull(after, "after must not be null"), zone);
    if (next == null) {
      throw new IllegalStateException(
          "schedule '" + cron() + "' names no time after " + after + " in " + zone);
    }
    return next;
  }

  /**
   * When the next success is due, given the last one: {@link #next} plus the grace.
   *
   * @throws IllegalStateException as {@link #next} does
   */
  public Instant deadlineAfter(Instant lastSuccess) {
    return next(lastSuccess).plus(grace);
  }

  /**
   * {@link #deadlineAfter} in Unix seconds (millisecond precision), or {@code +Inf} where there is
   * no such time (never due: no scheduled time comes, or it lies beyond what a timestamp holds). A
   * report never fails on its schedule's arithmetic.
   */
  double deadlineSecondsAfter(Instant anchor) {
    try {
      Instant next = cron.next(anchor, zone);
      return next == null ? Double.POSITIVE_INFINITY : next.plus(grace).toEpochMilli() / 1000.0;
    } catch (DateTimeException | ArithmeticException e) {
      return Double.POSITIVE_INFINITY; // past the year 999 999 999, or past a long of millis
    }
  }

  /** Same expression, zone and grace. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s
        && s.cron().equals(cron())
        && s.zone.equals(zone)
        && s.grace.equals(grace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cron(), zone, grace);
  }

  @Override
  public String toString() {
    return "Schedule[" + cron() + " " + zone + ", grace " + grace + "]";
  }
}
