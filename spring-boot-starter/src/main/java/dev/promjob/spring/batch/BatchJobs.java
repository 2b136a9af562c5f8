package dev.promjob.spring.batch;

import dev.promjob.Config;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every {@link Job} bean promjob's listener as it is made, through {@link
 * AbstractJob#registerJobExecutionListener} (Spring Batch's own way to add one to a built job, the
 * same in Batch 5 and 6): no bean is replaced or wrapped, so injection by the job's own class keeps
 * working. A job's configuration is checked here, so that a bad one fails the context refresh.
 */
final class BatchJobs implements BeanPostProcessor, SmartInitializingSingleton {
  private static final Log LOG = LogFactory.getLog(BatchJobs.class);

  private final Supplier<Config> config;
  private final Supplier<Reporter> reporter;
  private final Supplier<Scope> defaultScope;
  private final Supplier<Collection<String>> variables;
  private final Map<String, BatchJobPlan> reported = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private volatile BatchSettings settings;

  BatchJobs(
      Supplier<Config> config,
      Supplier<Reporter> reporter,
      Supplier<Scope> defaultScope,
      Supplier<Collection<String>> variables) {
    this.config = config;
    this.reporter = reporter;
    this.defaultScope = defaultScope;
    this.variables = variables;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof Job job)) {
      return bean;
    }
    BatchSettings s = settings();
    seen.add(job.getName());
    if (!s.enabled()) {
      return bean;
    }
    BatchJobPlan plan = s.plan(job).orElse(null);
    if (plan == null) {
      return bean; // opted out
    }
    Reporter r = reporter.get();
    // The backend is made and checked now: a missing URL or artifact fails the start-up.
    var configured = r.configured(plan.declared()); // promjob's Job, not Spring Batch's
    r.backendFor(configured).check(configured);
    if (bean instanceof AbstractJob abstractJob) {
      abstractJob.registerJobExecutionListener(new JobReporting(r, plan));
      reported.put(job.getName(), plan);
    } else {
      LOG.warn(
          "promjob: Spring Batch job '"
              + job.getName()
              + "' (bean '"
              + beanName
              + "') is not an AbstractJob: it cannot be given a listener and is not reported");
    }
    return bean;
  }

  /**
   * Refuses per-job keys that name no job bean: a typo in {@code promjob.batch.job.<name>.enabled}
   * would otherwise leave a job reported that was meant not to be, in silence.
   */
  @Override
  public void afterSingletonsInstantiated() {
    List<String> unknown = new ArrayList<>();
    for (String key : config.get().asMap().keySet()) {
      if (!key.startsWith(BatchSettings.JOB_PREFIX)) {
        continue;
      }
      String rest = key.substring(BatchSettings.JOB_PREFIX.length());
      int dot = rest.lastIndexOf('.');
      String name = dot < 0 ? rest : rest.substring(0, dot);
      if (!seen.contains(name)) {
        unknown.add(key);
      }
    }
    // lib matches a per-job variable only when a job asks for its key, so one naming no job (a
    // typo, or Spring's form of an underscored name) would be ignored in silence.
    Set<String> used = new TreeSet<>();
    for (String job : seen) {
      for (String suffix : BatchSettings.JOB_SUFFIXES) {
        used.add(variable(job, suffix));
      }
    }
    for (String variable : variables.get()) {
      if (variable.startsWith(VARIABLE_PREFIX) && !used.contains(variable)) {
        unknown.add(variable);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + String.join("', '", unknown)
              + "': names no Spring Batch job of this application (jobs: "
              + new TreeSet<>(seen)
              + ")");
    }
  }

  private static final String VARIABLE_PREFIX = "PROMJOB_BATCH_JOB_";

  /** lib's variable of a per-job key: the name upper-cased, other characters {@code _}. */
  static String variable(String job, String suffix) {
    StringBuilder sb = new StringBuilder(VARIABLE_PREFIX);
    for (char c : job.toUpperCase(Locale.ROOT).toCharArray()) {
      sb.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ? c : '_');
    }
    return sb.append('_').append(suffix.toUpperCase(Locale.ROOT)).toString();
  }

  /** The jobs reported, by Spring Batch job name. */
  Collection<BatchJobPlan> plans() {
    return List.copyOf(reported.values());
  }

  private BatchSettings settings() {
    BatchSettings s = settings;
    if (s == null) {
      s = new BatchSettings(config.get(), defaultScope.get());
      settings = s;
    }
    return s;
  }
}
