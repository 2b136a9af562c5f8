package dev.promjob;

import dev.promjob.internal.Checks;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The declaration of a batch job: its name, whether it is machine-bound or service-level, the
 * grouping labels that tell its instances apart, and how often it is expected to succeed.
 *
 * <p>Every value is checked when it is given; a refused value throws {@link
 * IllegalArgumentException} with the message {@code '<value>': <rule>}.
 *
 * <pre>{@code
 * Job job = Job.machineBound("db_backup")
 *     .groupingLabel("database", "users")
 *     .expectedInterval(Duration.ofHours(24))
 *     .build();
 * }</pre>
 *
 * @param name the job's name, exported as the {@value BatchMetrics#JOB_NAME_LABEL} label (and as
 *     the {@code job} grouping key on a Pushgateway)
 * @param scope machine-bound or service-level; decides the default backend
 * @param groupingLabels labels that identify one instance of the job, sorted by name
 * @param expectedInterval how often the job should succeed, if declared; exported as {@value
 *     BatchMetrics#EXPECTED_INTERVAL} so one alert rule covers every job
 * @param schedule when the job is due, if declared instead of an interval; exported as {@value
 *     BatchMetrics#DEADLINE}
 * @param maxRuntime how long one run may take, if declared; exported as {@value
 *     BatchMetrics#MAX_RUNTIME} so one rule fires for a run in progress past it
 * @param inProgress whether a run publishes that it has started, if chosen; see {@link
 *     #marksStart()}
 */
public record Job(
    String name,
    Scope scope,
    SortedMap<String, String> groupingLabels,
    Optional<Duration> expectedInterval,
    Optional<Schedule> schedule,
    Optional<Duration> maxRuntime,
    Optional<Boolean> inProgress) {

  /** Longest job name accepted; long enough for any sane name, short enough for a file name. */
  public static final int MAX_NAME_LENGTH = 200;

  public Job {
    JobChecks.requireJobName(name);
    Objects.requireNonNull(scope, "scope must not be null");
    Objects.requireNonNull(groupingLabels, "groupingLabels must not be null");
    Objects.requireNonNull(expectedInterval, "expectedInterval must not be null");
    Objects.requireNonNull(schedule, "schedule must not be null");
    Objects.requireNonNull(maxRuntime, "maxRuntime must not be null");
    Objects.requireNonNull(inProgress, "inProgress must not be null");
    if (expectedInterval.isPresent() && schedule.isPresent()) {
      throw Checks.invalid(
          schedule.get().cron(), "a job has an expected interval or a schedule, not both");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : groupingLabels.entrySet()) { // no lambdas: ~1 ms each cold
      JobChecks.requireGroupingLabel(scope, e.getKey(), e.getValue());
      copy.put(e.getKey(), e.getValue());
    }
    groupingLabels = Collections.unmodifiableSortedMap(copy);
    if (expectedInterval.isPresent()) {
      requireInterval(expectedInterval.get());
    }
    if (maxRuntime.isPresent()) {
      requireMaxRuntime(maxRuntime.get());
    }
  }

  /** A job without a maximum runtime or an in-progress choice, as before they existed. */
  public Job(
      String name,
      Scope scope,
      SortedMap<String, String> groupingLabels,
      Optional<Duration> expectedInterval,
      Optional<Schedule> schedule) {
    this(
        name,
        scope,
        groupingLabels,
        expectedInterval,
        schedule,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Whether each run publishes, when it starts, that it is in progress ({@value
   * BatchMetrics#RUNS_IN_PROGRESS} and {@value BatchMetrics#RUN_START}): as chosen, else on for a
   * job that declares a maximum runtime (its alert needs it) and off for the others, which would
   * pay one more write or push per run for a marker no rule of theirs reads.
   */
  public boolean marksStart() {
    return inProgress.orElse(maxRuntime.isPresent());
  }

  /** A builder for a job whose metrics belong to this machine (reported through a textfile). */
  public static Builder machineBound(String name) {
    return builder().name(name).scope(Scope.MACHINE_BOUND);
  }

  /** A builder for a job of the whole service (reported to a Pushgateway). */
  public static Builder serviceLevel(String name) {
    return builder().name(name).scope(Scope.SERVICE_LEVEL);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The labels that identify this job's series: {@value BatchMetrics#JOB_NAME_LABEL} plus the
   * grouping labels.
   */
  public Labels identityLabels() {
    String[] names = new String[groupingLabels.size() + 1];
    String[] values = new String[names.length];
    names[0] = BatchMetrics.JOB_NAME_LABEL;
    values[0] = name;
    int i = 1;
    for (Map.Entry<String, String> e : groupingLabels.entrySet()) {
      names[i] = e.getKey();
      values[i++] = e.getValue();
    }
    return Labels.of(names, values);
  }

  /** Returns this job declared with another scope; the other values are kept and re-checked. */
  public Job withScope(Scope newScope) {
    return new Job(
        name, newScope, groupingLabels, expectedInterval, schedule, maxRuntime, inProgress);
  }

  /**
   * Returns this job with {@code newSchedule} instead of its interval or schedule: how
   * configuration ({@code promjob.job.<name>.schedule}) corrects a job without a release.
   */
  public Job withSchedule(Schedule newSchedule) {
    return new Job(
        name,
        scope,
        groupingLabels,
        Optional.empty(),
        Optional.of(Objects.requireNonNull(newSchedule, "schedule must not be null")),
        maxRuntime,
        inProgress);
  }

  /**
   * Returns this job with the maximum runtime and in-progress choice its configuration gives it
   * ({@code promjob.job.<name>.max_runtime}, {@code .in_progress}), each over the declared one.
   */
  Job withRuns(Optional<Duration> newMaxRuntime, Optional<Boolean> newInProgress) {
    return new Job(
        name,
        scope,
        groupingLabels,
        expectedInterval,
        schedule,
        newMaxRuntime.or(() -> maxRuntime),
        newInProgress.or(() -> inProgress));
  }

  private static void requireInterval(Duration d) {
    Checks.duration(d, "expected interval");
  }

  private static void requireMaxRuntime(Duration d) {
    Checks.duration(d, "max runtime");
  }

  /** Builds a {@link Job}; each setter checks its value at once. */
  public static final class Builder {
    private String name;
    private Scope scope;
    private final TreeMap<String, String> groupingLabels = new TreeMap<>();
    private Duration expectedInterval;
    private Schedule schedule;
    private Duration maxRuntime;
    private Boolean inProgress;

    private Builder() {}

    /** The job's name: any printable text of 1 to {@value #MAX_NAME_LENGTH} characters. */
    public Builder name(String name) {
      this.name = JobChecks.requireJobName(name);
      return this;
    }

    /** Machine-bound or service-level. Required. */
    public Builder scope(Scope scope) {
      this.scope = Objects.requireNonNull(scope, "scope must not be null");
      return this;
    }

    /**
     * Adds a label that tells this instance of the job apart from others of the same name, such as
     * {@code database="users"}. Must be a stable value, never a timestamp or an id per run: every
     * distinct value creates a file or a Pushgateway group that lives until it is deleted.
     */
    public Builder groupingLabel(String name, String value) {
      JobChecks.requireGroupingLabel(scope, name, value);
      if (groupingLabels.containsKey(name)) {
        throw Checks.invalid(name, "grouping label given twice");
      }
      groupingLabels.put(name, value);
      return this;
    }

    /**
     * How often the job is expected to succeed (its schedule). Exported as {@value
     * BatchMetrics#EXPECTED_INTERVAL}, so a generic rule can alert on any job that has not
     * succeeded for, say, twice its interval.
     */
    public Builder expectedInterval(Duration interval) {
      requireInterval(Objects.requireNonNull(interval, "expected interval must not be null"));
      this.expectedInterval = interval;
      return this;
    }

    /**
     * When the job is due, instead of an {@link #expectedInterval}: a cron expression in {@code
     * zone}, and how long after each scheduled time a run may still succeed. Exported as {@value
     * BatchMetrics#DEADLINE}, the time by which the next success is due; see {@link Schedule#parse}
     * for the dialects (cron's five fields, or Spring's six as {@code @Scheduled} takes them).
     *
     * @throws IllegalArgumentException {@code '<expression>': <rule>}, naming the field
     */
    public Builder schedule(String cron, ZoneId zone, Duration grace) {
      this.schedule = Schedule.parse(cron, zone, grace);
      return this;
    }

    /**
     * How long one run may take (the nightly export must finish within two hours). Exported as
     * {@value BatchMetrics#MAX_RUNTIME}, with the run's start published when it starts, so the
     * shipped rule fires once a run in progress has taken longer, a hung run or a killed one alike.
     * Nothing is stopped: it is a promise to alert on, not a timeout.
     */
    public Builder maxRuntime(Duration maxRuntime) {
      requireMaxRuntime(Objects.requireNonNull(maxRuntime, "max runtime must not be null"));
      this.maxRuntime = maxRuntime;
      return this;
    }

    /**
     * Whether each run publishes that it has started, before its body runs: one more write or push
     * per run, so that a run that hangs or is killed (SIGKILL, the OOM killer) is seen in progress.
     * Default: on for a job with a {@link #maxRuntime}, off otherwise.
     */
    public Builder inProgress(boolean publishStart) {
      this.inProgress = publishStart;
      return this;
    }

    public Job build() {
      if (name == null) {
        throw new IllegalStateException("a job needs a name: call name(...)");
      }
      if (scope == null) {
        throw new IllegalStateException(
            "job '" + Checks.printable(name) + "' needs a scope: MACHINE_BOUND or SERVICE_LEVEL");
      }
      return new Job(
          name,
          scope,
          groupingLabels,
          Optional.ofNullable(expectedInterval),
          Optional.ofNullable(schedule),
          Optional.ofNullable(maxRuntime),
          Optional.ofNullable(inProgress));
    }
  }
}
