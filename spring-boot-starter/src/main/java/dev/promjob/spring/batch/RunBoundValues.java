package dev.promjob.spring.batch;

import java.util.regex.Pattern;

/**
 * Job parameter values that change every run, whatever their type: Spring Boot passes command-line
 * job parameters ({@code day=2026-12-01}, {@code rid=1796324149}) as strings, so the type check
 * alone lets a date or a run id become a grouping label, one file or group left behind per run.
 *
 * <p>The rule (the Pushgateway adapter's unbounded-grouping rule, plus times and compact dates): a
 * value containing a date {@code yyyy-MM-dd} or a time {@code HH:mm}; a compact date {@code
 * yyyyMMdd}; a number of 9 or more digits (epoch seconds or millis, sequence ids); a UUID; 16 or
 * more hex digits. {@code eu}, {@code 7} or {@code tenant-42} pass.
 */
final class RunBoundValues {
  private static final Pattern RUN_BOUND =
      Pattern.compile(
          "\\d{9,}"
              + "|(19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])"
              + "|.*\\d{4}-\\d{2}-\\d{2}.*"
              + "|.*\\d{1,2}:\\d{2}.*"
              + "|.*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}.*"
              + "|[0-9a-fA-F]{16,}");

  private RunBoundValues() {}

  /** Whether {@code value} looks like a date, time, timestamp, long id or UUID. */
  static boolean looksRunBound(String value) {
    return RUN_BOUND.matcher(value).matches();
  }
}
