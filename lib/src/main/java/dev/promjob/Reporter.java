package dev.promjob;

import dev.promjob.internal.Checks;
import dev.promjob.internal.ClientJava;
import dev.promjob.spi.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point: starts runs of declared jobs and delivers each run's report to the backend its
 * scope picks (machine-bound jobs to node_exporter's textfile collector, service-level jobs to a
 * push backend found on the class path), or to the backends configuration names for it.
 *
 * <pre>{@code
 * Reporter reporter = Reporter.builder()
 *     .textfileDirectory(Path.of("/var/lib/prometheus/node-exporter"))
 *     .build();                                  // promjob.* configuration overrides these values
 * Job job = Job.machineBound("db_backup").expectedInterval(Duration.ofDays(1)).build();
 * reporter.run(job, run -> {
 *   Gauge bytes = Gauge.builder().name("db_backup_size_bytes").help("Size of the dump.")
 *       .register(run.registry());
 *   bytes.set(dump());                           // an exception here reports a failure
 * });
 * }</pre>
 *
 * <p>Thread-safe; one reporter serves every job of a process.
 */
public final class Reporter {

  /** Name of the backend machine-bound jobs use by default. */
  public static final String TEXTFILE = "textfile";

  /** Name of the backend service-level jobs use by default. */
  public static final String PUSHGATEWAY = "pushgateway";

  private final Config config;
  private final ReportErrorPolicy policy;
  private final boolean reportOnShutdown;
  private final Duration shutdownTimeout;
  private final InstantSource clock;
  private final Delivery delivery;
  private final BackendChoice backends;

  private Reporter(Builder b) {
    ClientJava.requireSupported(); // before any class that needs a newer client_java is loaded
    this.config = b.config;
    this.clock = b.clock;
    this.backends =
        new BackendChoice(config, b.textfileDirectory, b.classLoader, b.defaults, b.backends);
    this.policy = config.oneOf(Config.REPORT_ERRORS, ReportErrorPolicy.class).orElse(b.policy);
    Switch onShutdown = config.oneOf(Config.SHUTDOWN_REPORT, Switch.class).orElse(null);
    this.reportOnShutdown = onShutdown == null ? b.reportOnShutdown : onShutdown == Switch.TRUE;
    this.shutdownTimeout = // duration(key) only when set: it maps with a lambda, ~1 ms cold
        config.get(Config.SHUTDOWN_TIMEOUT).isEmpty()
            ? b.shutdownTimeout
            : config.duration(Config.SHUTDOWN_TIMEOUT).orElseThrow();
    this.delivery = new Delivery(clock, policy);
  }

  private enum Switch {
    TRUE,
    FALSE
  }

  /** A reporter configured by this process's {@code promjob.*} settings ({@link Config#load()}). */
  public static Reporter fromConfig() {
    return builder().config(Config.load()).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a run. The backend is chosen and checked now, so a job that cannot be reported fails
   * before it does any work.
   *
   * @throws IllegalArgumentException if the backend refuses the job
   * @throws IllegalStateException if no backend can serve the job's scope
   */
  public Run start(Job declared) {
    Job job = JobKeys.configured(Objects.requireNonNull(declared, "job must not be null"), config);
    Backend backend = backendFor(job);
    backend.check(job);
    Run run = new Run(delivery, job, backend);
    if (reportOnShutdown) {
      ShutdownReports.track(run, shutdownTimeout);
    }
    run.publishStart(); // after tracking: a shutdown during the publish still reports the run
    return run;
  }

  /**
   * {@code declared} as this reporter runs and reports it: with the schedule configuration gives it
   * ({@code promjob.job.<name>.schedule}, {@code .zone}, {@code .grace}), as {@link #start} and
   * {@link #report} apply it. For a caller that refuses a configuration before any work.
   *
   * @throws IllegalArgumentException naming the key and the rule
   */
  public Job configured(Job declared) {
    return JobKeys.configured(Objects.requireNonNull(declared, "job must not be null"), config);
  }

  /**
   * Runs {@code body} as one run of {@code job}: success if it returns, failure if it throws (the
   * exception is rethrown unchanged, with any report error added as suppressed).
   *
   * @return how the run ended ({@code body} may also end it itself)
   */
  public <E extends Exception> Outcome run(Job job, Body<E> body) throws E {
    Objects.requireNonNull(body, "body must not be null");
    Run run = start(job);
    try {
      body.run(run);
    } catch (Throwable t) {
      if (run.outcome().isEmpty()) {
        run.failure(t);
      }
      throw t;
    }
    if (run.outcome().isEmpty()) {
      run.success();
    }
    return run.outcome().orElseThrow();
  }

  /**
   * Delivers a report made elsewhere, bypassing runs and the error policy.
   *
   * @throws IOException naming the file or URL when the backend fails
   */
  public void report(Report made) throws IOException {
    Objects.requireNonNull(made, "report must not be null");
    Job job = JobKeys.configured(made.job(), config);
    Report report =
        job == made.job()
            ? made
            : new Report(
                job, made.outcome(), made.start(), made.end(), made.metrics(), made.inProgress());
    Backend backend = backendFor(report.job());
    backend.check(report.job());
    new MetricRules(
            report.job().name(), report.job().groupingLabels().keySet(), backend::checkMetricName)
        .check(report.metrics());
    backend.report(report);
  }

  /**
   * Removes the job's metrics from its backend: its file, or its Pushgateway group. Use it when a
   * job is retired, or its freshness alert fires forever.
   */
  public void delete(Job job) throws IOException {
    Objects.requireNonNull(job, "job must not be null");
    backendFor(job).delete(job);
  }

  /**
   * The backend that serves {@code job}, as one: the one of {@link #backendsFor}, or, when there
   * are several, all of them behind one {@link Backend} named by their list ({@code
   * textfile,pushgateway}) that checks with each and delivers to each, concurrently; a backend that
   * fails stops none of the others, and the error names each that failed.
   */
  public Backend backendFor(Job job) {
    return BackendChoice.of(backendsFor(job));
  }

  /**
   * The backends that serve {@code job}, in the order named: by {@code promjob.job.<name>.backend},
   * else by {@value Config#BACKEND}, else the default of the job's scope (textfile for
   * machine-bound, pushgateway for service-level). A value may name several, comma-separated
   * ({@code textfile,pushgateway}): configuration moves a job, or reports it to two places while it
   * moves, without a code change.
   *
   * @throws IllegalArgumentException naming the value if it names a backend twice or an empty name
   * @throws IllegalStateException if a named backend is not on the class path
   */
  public List<Backend> backendsFor(Job job) {
    Objects.requireNonNull(job, "job must not be null");
    return backends.forJob(job);
  }

  /** The backend of this name, made on first use; a comma-separated list makes one of them all. */
  public Backend backendNamed(String name) {
    Objects.requireNonNull(name, "backend name must not be null");
    return backends.named(name);
  }

  /** The policy in force for failed reports. */
  public ReportErrorPolicy reportErrors() {
    return policy;
  }

  /** The body of a run; see {@link Reporter#run(Job, Body)}. */
  @FunctionalInterface
  public interface Body<E extends Exception> {
    void run(Run run) throws E;
  }

  /** Builds a {@link Reporter}. Values set here are defaults that configuration overrides. */
  public static final class Builder {
    private Config config = Config.empty();
    private Path textfileDirectory;
    private ReportErrorPolicy policy = ReportErrorPolicy.LOG;
    private boolean reportOnShutdown = true;
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private InstantSource clock = InstantSource.system();
    private ClassLoader classLoader = Reporter.class.getClassLoader();
    private final Map<Scope, String> defaults = new EnumMap<>(Scope.class);
    private final Map<String, Backend> backends = new java.util.HashMap<>();

    private Builder() {}

    /** Configuration that overrides what is set in code. Default: {@link Config#empty()}. */
    public Builder config(Config config) {
      this.config = Objects.requireNonNull(config, "config must not be null");
      return this;
    }

    /**
     * The textfile collector's directory for machine-bound jobs. Overridden by {@value
     * Config#TEXTFILE_DIR}.
     */
    public Builder textfileDirectory(Path directory) {
      this.textfileDirectory = Objects.requireNonNull(directory, "directory must not be null");
      return this;
    }

    /**
     * What a run does when its report fails. Default LOG; overridden by {@value
     * Config#REPORT_ERRORS}.
     */
    public Builder reportErrors(ReportErrorPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy must not be null");
      return this;
    }

    /**
     * Whether runs still in flight when the JVM shuts down are reported as failed, waiting at most
     * {@code timeout} for those reports. Default on, 5 s; overridden by {@value
     * Config#SHUTDOWN_REPORT} and {@value Config#SHUTDOWN_TIMEOUT}.
     */
    public Builder reportOnShutdown(boolean report, Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      Checks.duration(timeout, "shutdown timeout");
      this.reportOnShutdown = report;
      this.shutdownTimeout = timeout;
      return this;
    }

    /** The clock of start, end and success timestamps. Default: the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /** Where push backends are looked up. Default: the loader of promjob's own classes. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader must not be null");
      return this;
    }

    /**
     * Uses {@code backend} (and {@code more}, each as well) for every job of {@code scope} (unless
     * configuration names others), without discovery; configuration can also name each by {@link
     * Backend#name()}.
     *
     * @throws IllegalArgumentException naming the list if two backends have one name
     */
    public Builder backend(Scope scope, Backend backend, Backend... more) {
      Objects.requireNonNull(scope, "scope must not be null");
      List<Backend> all = BackendChoice.distinct(scope, backend, more);
      all.forEach(this::backend);
      defaults.put(scope, new SeveralBackends(all).name());
      return this;
    }

    /** Makes {@code backend} available by its {@link Backend#name()}, without discovery. */
    public Builder backend(Backend backend) {
      Objects.requireNonNull(backend, "backend must not be null");
      backends.put(
          Objects.requireNonNull(backend.name(), "backend name must not be null"), backend);
      return this;
    }

    public Reporter build() {
      return new Reporter(this);
    }
  }
}
