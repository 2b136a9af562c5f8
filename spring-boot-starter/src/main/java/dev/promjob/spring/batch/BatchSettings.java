package dev.promjob.spring.batch;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.batch.core.job.parameters.DataFieldMaxValueJobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;

/**
 * The {@code promjob.batch.*} keys read and checked: a configuration that cannot work is refused
 * when the job bean is made (context refresh), never at its first execution.
 */
final class BatchSettings {
  static final String ENABLED = "promjob.batch.enabled";
  static final String SCOPE = "promjob.batch.scope";
  static final String JOB_PREFIX = "promjob.batch.job.";
  static final List<String> JOB_SUFFIXES = List.of("enabled", "name", "scope", "labels");

  /** Labels the batch metrics carry themselves: a grouping label of that name would clash. */
  static final Set<String> METRIC_LABELS = Set.of("step", "phase", "exit_code");

  private final Config config;
  private final Scope defaultScope;

  BatchSettings(Config config, Scope defaultScope) {
    this.config = config;
    this.defaultScope = defaultScope;
  }

  static String jobKey(String batchName, String suffix) {
    return JOB_PREFIX + batchName + "." + suffix;
  }

  boolean enabled() {
    return flag(ENABLED).orElse(true);
  }

  /**
   * How {@code job} is reported, or empty if it is opted out.
   *
   * @throws IllegalArgumentException {@code '<value>': <rule>} naming the key
   */
  Optional<BatchJobPlan> plan(org.springframework.batch.core.job.Job job) {
    String batchName = job.getName();
    if (!flag(jobKey(batchName, "enabled")).orElse(true)) {
      return Optional.empty();
    }
    Scope scope = scope(jobKey(batchName, "scope")).or(() -> scope(SCOPE)).orElse(defaultScope);
    String name = config.get(jobKey(batchName, "name")).map(String::trim).orElse(batchName);
    List<String> labels = labels(job, scope);
    BatchJobPlan plan = new BatchJobPlan(batchName, name, scope, labels);
    try {
      plan.declared();
    } catch (IllegalArgumentException refused) {
      throw new IllegalArgumentException(
          refused.getMessage()
              + " (the promjob job name of Spring Batch job '"
              + batchName
              + "'; set "
              + jobKey(batchName, "name")
              + ")",
          refused);
    }
    return Optional.of(plan);
  }

  private List<String> labels(org.springframework.batch.core.job.Job job, Scope scope) {
    String key = jobKey(job.getName(), "labels");
    Optional<String> value = config.get(key);
    if (value.isEmpty() || value.get().isBlank()) {
      return List.of();
    }
    Set<String> runIds = runIdParameters(job);
    Set<String> names = new LinkedHashSet<>();
    for (String raw : value.get().split(",", -1)) {
      String p = raw.trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("'" + value.get() + "': " + key + " has an empty name");
      }
      String rule = refusal(p, runIds);
      if (rule == null) {
        try {
          Job.builder().name("x").scope(scope).groupingLabel(p, "x");
        } catch (IllegalArgumentException refused) {
          rule = "not a grouping label name: " + refused.getMessage();
        }
      }
      if (rule != null) {
        throw new IllegalArgumentException("'" + p + "': " + rule + " (" + key + ")");
      }
      if (!names.add(p)) {
        throw new IllegalArgumentException("'" + p + "': given twice (" + key + ")");
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * Why a job parameter may not become a grouping label, by its name alone, or null. Every distinct
   * value is a file or a Pushgateway group kept until it is deleted: run ids, dates and times would
   * leave one behind every run.
   */
  static String refusal(String parameter, Set<String> runIds) {
    String lower = parameter.toLowerCase(Locale.ROOT);
    if (runIds.contains(parameter) || lower.equals("run.id") || lower.equals("run_id")) {
      return "a run id, a new value every run: it would leave a file or group behind each run";
    }
    for (String word : List.of("date", "time")) { // "time" covers timestamp, datetime
      if (lower.contains(word)) {
        return "names a "
            + word
            + " (contains '"
            + word
            + "'), a new value every run: it would leave a file or group behind each run";
      }
    }
    if (METRIC_LABELS.contains(parameter)) {
      return "a label the batch metrics carry themselves";
    }
    return null;
  }

  /**
   * The parameters the job's incrementer sets: run ids. A {@link RunIdIncrementer} is asked (its
   * {@code getNext} only reads what it is given); a {@link
   * DataFieldMaxValueJobParametersIncrementer} says its key (asking it would take a value from its
   * database sequence).
   */
  static Set<String> runIdParameters(org.springframework.batch.core.job.Job job) {
    JobParametersIncrementer incrementer = job.getJobParametersIncrementer();
    Set<String> names = new LinkedHashSet<>();
    if (incrementer instanceof RunIdIncrementer) {
      for (JobParameter<?> p : incrementer.getNext(new JobParameters()).parameters()) {
        names.add(p.name());
      }
    } else if (incrementer instanceof DataFieldMaxValueJobParametersIncrementer d) {
      names.add(d.getKey());
    }
    return names;
  }

  private Optional<Boolean> flag(String key) {
    return config
        .get(key)
        .map(
            v -> {
              String t = v.trim();
              if (t.equalsIgnoreCase("true")) {
                return true;
              }
              if (t.equalsIgnoreCase("false")) {
                return false;
              }
              throw new IllegalArgumentException("'" + v + "': " + key + " must be true or false");
            });
  }

  private Optional<Scope> scope(String key) {
    return config
        .get(key)
        .map(
            v -> {
              String t = v.trim().toLowerCase(Locale.ROOT);
              if (t.equals("machine-bound") || t.equals("machine_bound")) {
                return Scope.MACHINE_BOUND;
              }
              if (t.equals("service-level") || t.equals("service_level")) {
                return Scope.SERVICE_LEVEL;
              }
              throw new IllegalArgumentException(
                  "'" + v + "': " + key + " must be machine-bound or service-level");
            });
  }
}
