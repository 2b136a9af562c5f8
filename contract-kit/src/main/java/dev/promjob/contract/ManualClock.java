package dev.promjob.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock the test moves by hand, so that a run's start, end and duration are exact and no test
 * waits for the wall clock.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
 * Reporter reporter = Reporter.builder().clock(clock).build();
 * reporter.run(job, run -> clock.advance(Duration.ofSeconds(30))); // a 30 s run
 * }</pre>
 */
public final class ManualClock implements InstantSource {
  private Instant now;

  public ManualClock(Instant start) {
    this.now = java.util.Objects.requireNonNull(start, "start must not be null");
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  /** Moves the clock forward (or back, for a wall clock stepped back). */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }
}
