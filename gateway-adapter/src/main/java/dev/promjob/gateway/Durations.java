package dev.promjob.gateway;

import java.time.Duration;

/** Durations as people write them in configuration: {@code 10 s}, {@code 250 ms}. */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis >= 1000 && millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis + " ms";
  }
}
