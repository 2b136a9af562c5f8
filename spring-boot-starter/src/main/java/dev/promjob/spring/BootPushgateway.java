package dev.promjob.spring;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.Scope;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The Pushgateway group Spring Boot's own push ({@code PrometheusPushGatewayManager}) writes to, as
 * Boot derives it: {@code management.prometheus.metrics.export.pushgateway.job}, else {@code
 * spring.application.name}, else {@code spring}, with its {@code grouping-key}. Boot POSTs its
 * whole registry there on a timer, and its shutdown operation {@code put} replaces the group and
 * {@code delete} removes it: a promjob job in the same group loses its series, last success
 * included.
 *
 * <pre>{@code
 * BootPushgateway.of(environment).ifPresent(boot -> boot.refuseClash(jobs, config));
 * }</pre>
 *
 * @param job the job Boot pushes as
 * @param jobSetting where that job comes from, in Boot's words ({@code key=value})
 * @param groupingKey Boot's grouping key, sorted by name
 */
public record BootPushgateway(
    String job, String jobSetting, SortedMap<String, String> groupingKey) {
  /** Boot's prefix for its push. */
  public static final String PREFIX = "management.prometheus.metrics.export.pushgateway";

  /** Boot's job when neither its key nor the application's name is set. */
  static final String FALLBACK_JOB = "spring";

  /** Boot's push as the environment configures it, if it is on. */
  public static Optional<BootPushgateway> of(Environment env) {
    if (!env.getProperty(PREFIX + ".enabled", Boolean.class, false)) {
      return Optional.empty();
    }
    String job = env.getProperty(PREFIX + ".job");
    String setting;
    if (job != null) {
      setting = PREFIX + ".job=" + job;
    } else {
      job = env.getProperty("spring.application.name");
      setting =
          job != null
              ? "spring.application.name=" + job + " (" + PREFIX + ".job is not set)"
              : "Boot's default job '"
                  + FALLBACK_JOB
                  + "' ("
                  + PREFIX
                  + ".job and"
                  + " spring.application.name are not set)";
      job = job != null ? job : FALLBACK_JOB;
    }
    Map<String, String> key =
        Binder.get(env)
            .bind(PREFIX + ".grouping-key", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    return Optional.of(new BootPushgateway(job, setting, new TreeMap<>(key)));
  }

  /**
   * @throws BootPushgatewayClashException naming Boot's setting and the first promjob job on the
   *     Pushgateway whose group (its name and grouping labels) is Boot's
   */
  public void refuseClash(Collection<Job> jobs, Config config) {
    for (Job j : jobs) {
      Optional<String> backendSetting = pushgatewaySetting(j, config);
      if (backendSetting.isPresent()
          && j.name().equals(job)
          && j.groupingLabels().equals(groupingKey)) {
        throw new BootPushgatewayClashException(this, j, backendSetting.get());
      }
    }
  }

  /**
   * The setting that puts {@code j} on the Pushgateway ({@code key=value}, or its scope's default),
   * if one does: lib's precedence, per-job key over {@code promjob.backend} over the scope; a
   * comma-separated list of backends counts when it names the Pushgateway.
   */
  static Optional<String> pushgatewaySetting(Job j, Config config) {
    Optional<String> perJob = config.jobBackend(j.name());
    if (perJob.isPresent()) {
      return named(perJob.get(), Config.jobBackendKey(j.name()) + "=" + perJob.get());
    }
    Optional<String> global = config.get(Config.BACKEND);
    if (global.isPresent()) {
      return named(global.get(), Config.BACKEND + "=" + global.get());
    }
    return j.scope() == Scope.SERVICE_LEVEL
        ? Optional.of("the Pushgateway, the default backend of a service-level job")
        : Optional.empty();
  }

  private static Optional<String> named(String backends, String setting) {
    for (String b : backends.split(",")) {
      if (b.trim().equals(Reporter.PUSHGATEWAY)) {
        return Optional.of(setting);
      }
    }
    return Optional.empty();
  }

  /** The group as the Pushgateway shows it: {@code {job="nightly",site="eu"}}. */
  String group() {
    StringBuilder sb = new StringBuilder("{job=\"").append(job).append('"');
    groupingKey.forEach((k, v) -> sb.append(',').append(k).append("=\"").append(v).append('"'));
    return sb.append('}').toString();
  }
}
