package dev.promjob.spring.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.spring.scheduling.ScheduledMethods.Key;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.annotation.Scheduled;

/** How each @Scheduled method becomes a job: its name, its interval or schedule, its keys. */
class ScheduledJobsTest {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-03T10:15:30Z"));

  static class Jobs {
    @Scheduled(fixedRate = 5, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
    void rate() {}

    @Scheduled(fixedDelayString = "PT30S")
    void delay() {}

    @Scheduled(fixedDelayString = "${delay}")
    void placeholder() {}

    @Scheduled(cron = "0 30 6 * * MON-FRI", zone = "Europe/Berlin")
    void weekdays() {}

    @Scheduled(cron = "*/10 * * * * *")
    void tenSeconds() {}

    @Scheduled(cron = "0 0 3 L * *", zone = "UTC")
    void lastOfMonth() {}

    @Scheduled(cron = "-")
    void disabled() {}

    @Scheduled(fixedRate = 1000)
    @Scheduled(cron = "0 0 * * * *")
    void twice() {}

    @Scheduled(initialDelay = 1000)
    void once() {}
  }

  static Map<String, Job> jobs(Map<String, String> settings) {
    ScheduledMethods methods = new ScheduledMethods();
    methods.setEmbeddedValueResolver(v -> v.replace("${delay}", "45s"));
    methods.postProcessAfterInitialization(new Jobs(), "nightlyJobs");
    ScheduledJobs jobs =
        new ScheduledJobs(
            methods, Reporter.builder().build(), k -> Optional.ofNullable(settings.get(k)), CLOCK);
    Map<String, Job> byMethod = new java.util.TreeMap<>();
    List<Job> all = jobs.all();
    methods
        .all()
        .forEach(
            (Key key, ScheduledMethods.Target t) ->
                jobs.jobFor(key).ifPresent(j -> byMethod.put(t.method().getName(), j)));
    assertThat(all).containsExactlyInAnyOrderElementsOf(byMethod.values());
    return byMethod;
  }

  @Test
  void eachMethodIsAJobNamedAfterItsBeanAndMethodWithItsOwnInterval() {
    Map<String, Job> jobs = jobs(Map.of());
    assertThat(jobs.get("rate").name()).isEqualTo("nightly_jobs_rate");
    assertThat(jobs.get("tenSeconds").name()).isEqualTo("nightly_jobs_ten_seconds");
    assertThat(jobs.get("rate").expectedInterval()).contains(Duration.ofMinutes(5));
    assertThat(jobs.get("delay").expectedInterval()).contains(Duration.ofSeconds(30));
    assertThat(jobs.get("placeholder").expectedInterval()).contains(Duration.ofSeconds(45));
    // Spring's six fields and zone; one period of grace: Monday 06:30 to Tuesday 06:30.
    assertThat(jobs.get("weekdays").schedule().orElseThrow().cron())
        .isEqualTo("0 30 6 * * MON-FRI");
    assertThat(jobs.get("weekdays").schedule().orElseThrow().zone())
        .isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(jobs.get("weekdays").schedule().orElseThrow().grace()).isEqualTo(Duration.ofDays(1));
    // What lib cannot hold as a schedule: the longest gap, as an interval.
    assertThat(jobs.get("tenSeconds").schedule()).isEmpty();
    assertThat(jobs.get("tenSeconds").expectedInterval()).contains(Duration.ofSeconds(10));
    assertThat(jobs.get("lastOfMonth").expectedInterval()).contains(Duration.ofDays(31));
    // Nothing to expect: a disabled cron, two triggers, a one-time task.
    for (String none : List.of("disabled", "twice", "once")) {
      assertThat(jobs.get(none).expectedInterval()).as(none).isEmpty();
      assertThat(jobs.get(none).schedule()).as(none).isEmpty();
    }
  }

  @Test
  void configurationRenamesOrLeavesOutAMethodAndLibsJobKeysApply() {
    Map<String, Job> jobs =
        jobs(
            Map.of(
                "promjob.scheduled.job.nightly_jobs_rate.name", "billing_rate",
                "promjob.scheduled.job.nightly_jobs_delay.enabled", "false",
                "promjob.scheduled.job.nightly_jobs_once.enabled", " TRUE "));
    assertThat(jobs.get("rate").name()).isEqualTo("billing_rate");
    assertThat(jobs).doesNotContainKey("delay");
    assertThat(jobs).containsKey("placeholder").containsKey("once");
  }

  @Test
  void twoMethodsGivenOneNameAreRefusedNamingBoth() {
    assertThatThrownBy(
            () -> jobs(Map.of("promjob.scheduled.job.nightly_jobs_rate.name", "nightly_jobs_once")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nightly_jobs_once': the job name of both")
        .hasMessageContaining("Jobs.rate()")
        .hasMessageContaining("Jobs.once()")
        .hasMessageContaining("promjob.scheduled.job.");
  }

  @Test
  void anEnabledKeyThatIsNotABooleanIsRefusedNamingIt() {
    assertThatThrownBy(() -> jobs(Map.of("promjob.scheduled.job.nightly_jobs_rate.enabled", "no")))
        .hasMessage("'no': promjob.scheduled.job.nightly_jobs_rate.enabled must be true or false");
  }

  @Test
  void beansOfOneClassSchedulingOneMethodAreOneJobNamedAfterTheFirst() {
    ScheduledMethods methods = new ScheduledMethods();
    methods.setEmbeddedValueResolver(v -> v.replace("${delay}", "45s"));
    methods.postProcessAfterInitialization(new Jobs(), "eastJobs");
    methods.postProcessAfterInitialization(new Jobs(), "westJobs");
    ScheduledJobs jobs =
        new ScheduledJobs(methods, Reporter.builder().build(), k -> Optional.empty(), CLOCK);
    assertThat(jobs.all())
        .extracting(Job::name)
        .contains("east_jobs_rate")
        .noneMatch(n -> n.startsWith("west"));
  }

  @Test
  void namesAreSnakeCase() {
    assertThat(ScheduledJobs.snake("reportCleaner")).isEqualTo("report_cleaner");
    assertThat(ScheduledJobs.snake("com.example.Foo#0")).isEqualTo("com_example_foo_0");
    assertThat(ScheduledJobs.snake("v2Sync")).isEqualTo("v2_sync");
    assertThat(ScheduledJobs.snake("__")).isEqualTo("scheduled");
    assertThat(ScheduledJobs.snake("A0Z9aZ@z")).isEqualTo("a0_z9a_z_z");
    assertThat(ScheduledJobs.snake("zA9B_")).isEqualTo("z_a9_b");
  }
}
