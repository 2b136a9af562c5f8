package dev.promjob.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.Run;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * {@link BackendContract}'s case of a run in progress: its start is exposed beside the last success
 * from the moment {@link Reporter#start} returns, and its report says it ended.
 */
final class InProgressCase {
  /** What a consumer sees of a job: {@link BackendContract#exposed}. */
  @FunctionalInterface
  interface Exposed {
    Map<String, Double> of(Job job) throws IOException;
  }

  private InProgressCase() {}

  static void check(
      Reporter reporter, Job declared, ManualClock clock, Exposed exposed, boolean publishes)
      throws IOException {
    Job job =
        Job.serviceLevel(declared.name())
            .groupingLabel("shard", "a/b c")
            .maxRuntime(Duration.ofMinutes(5))
            .build();
    String id = "{job_name=\"" + job.name() + "\",shard=\"a/b c\"}";
    reporter.run(job, run -> clock.advance(Duration.ofSeconds(30)));
    double success = clock.instant().getEpochSecond();
    clock.advance(Duration.ofMinutes(10));
    double start = clock.instant().getEpochSecond();
    try (Run run = reporter.start(job)) {
      Map<String, Double> seen = exposed.of(job);
      if (publishes) {
        assertEquals(1.0, seen.get(BatchMetrics.RUNS_IN_PROGRESS + id), seen.toString());
        assertEquals(start, seen.get(BatchMetrics.RUN_START + id), seen.toString());
        assertEquals(300.0, seen.get(BatchMetrics.MAX_RUNTIME + id), seen.toString());
        assertEquals(success, seen.get(BatchMetrics.LAST_SUCCESS + id), "kept while it runs");
      } else {
        assertEquals(0.0, seen.get(BatchMetrics.RUNS_IN_PROGRESS + id), "the last report's");
      }
      clock.advance(Duration.ofSeconds(30));
      run.success();
    }
    Map<String, Double> seen = exposed.of(job);
    assertEquals(0.0, seen.get(BatchMetrics.RUNS_IN_PROGRESS + id), seen.toString());
    assertEquals(start, seen.get(BatchMetrics.RUN_START + id), seen.toString());
    assertEquals(start + 30, seen.get(BatchMetrics.LAST_SUCCESS + id), seen.toString());
    assertFalse(seen.isEmpty());
  }
}
