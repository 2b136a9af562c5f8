package dev.promjob.spi;

import dev.promjob.BatchMetrics;
import dev.promjob.textformat.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a backend holds for a job from its previous runs and a new report carries on: the last
 * success and the failed runs in a row. A backend reads it where its server keeps it (the previous
 * textfile, under the job's lock; the Pushgateway's group, on a failed run) and hands it to {@link
 * Exposition#text(Carried)}; a later restore of a server that lost its state feeds the same value.
 *
 * <pre>{@code
 * Carried held = Carried.of(OptionalDouble.of(1.7e9), Carried.failuresBefore(count, lastRun));
 * byte[] body = exposition.text(held);
 * }</pre>
 *
 * @param lastSuccess the last success timestamp held, or empty if none is held or the server keeps
 *     it itself (a failed run then sends none and the server's stays)
 * @param consecutiveFailures the failed runs in a row before this one (0 after a success or before
 *     a first run), or empty if it cannot be known (a read that failed): a failed run then leaves
 *     the family out, so that a server that keeps families keeps its own and no backend ever shows
 *     a count that restarted by mistake
 */
public record Carried(OptionalDouble lastSuccess, OptionalLong consecutiveFailures) {
  private static final Carried NOTHING = new Carried(OptionalDouble.empty(), OptionalLong.of(0));

  public Carried {
    Objects.requireNonNull(lastSuccess, "last success must not be null");
    Objects.requireNonNull(consecutiveFailures, "consecutive failures must not be null");
    if (consecutiveFailures.isPresent() && consecutiveFailures.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "'" + consecutiveFailures.getAsLong() + "': consecutive failures must not be negative");
    }
  }

  /** What a backend holds before a job's first report: no last success, no failure. */
  public static Carried nothing() {
    return NOTHING;
  }

  public static Carried of(OptionalDouble lastSuccess, OptionalLong consecutiveFailures) {
    return new Carried(lastSuccess, consecutiveFailures);
  }

  /**
   * What the text of a job's previous report carries on, for a backend that stores each job's text
   * apart (every series in it is the job's): its last success, and its failed runs in a row (see
   * {@link #failuresBefore}). Read with lib's strict reader.
   *
   * @throws dev.promjob.textformat.TextFormatException if the text is not valid text format
   */
  public static Carried fromText(InputStream previousReport) throws IOException {
    Map<String, Double> found = new HashMap<>(4);
    TextFormat.parse(
        previousReport,
        (family, sample, names, values, n, value) -> {
          if (sample.equals(BatchMetrics.LAST_SUCCESS)
              || sample.equals(BatchMetrics.CONSECUTIVE_FAILURES)
              || sample.equals(BatchMetrics.LAST_RUN_SUCCESS)) {
            found.put(sample, value);
          }
        });
    return of(
        optional(found.get(BatchMetrics.LAST_SUCCESS)),
        failuresBefore(
            optional(found.get(BatchMetrics.CONSECUTIVE_FAILURES)),
            optional(found.get(BatchMetrics.LAST_RUN_SUCCESS))));
  }

  private static OptionalDouble optional(Double value) {
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * The failed runs in a row before this one, from a previous report's {@value
   * dev.promjob.BatchMetrics#CONSECUTIVE_FAILURES} and {@value
   * dev.promjob.BatchMetrics#LAST_RUN_SUCCESS}: the count where it is a whole number of at least 0;
   * without one (a report of a promjob that had no count), 1 after a failed run and 0 after a
   * success, the least that is known; neither: 0, as before a first run.
   */
  public static OptionalLong failuresBefore(OptionalDouble count, OptionalDouble lastRunSuccess) {
    if (count.isPresent()) {
      double c = count.getAsDouble();
      if (c >= 0 && c <= Long.MAX_VALUE / 2 && c == Math.rint(c)) {
        return OptionalLong.of((long) c);
      }
    }
    if (lastRunSuccess.isPresent()) {
      return OptionalLong.of(lastRunSuccess.getAsDouble() == 0 ? 1 : 0);
    }
    return OptionalLong.of(0);
  }
}
