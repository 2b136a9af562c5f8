package dev.promjob.compatapp;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.spring.PromjobJobs;
import io.prometheus.metrics.core.metrics.Gauge;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The small Boot application the compatibility ITs build on several Boot lines: it starts, runs one
 * promjob job when {@code compat.job} names one (a gauge on {@code run.registry()}), prints {@code
 * COMPAT READY} with the web port if it has one, and, with {@code compat.stay=true}, keeps running
 * until its standard input closes. In a package of its own, outside {@code dev.promjob.spring}: a
 * test application there that scans its package must not find this one.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class CompatApp {
  public static void main(String[] args) throws IOException {
    ConfigurableApplicationContext context = SpringApplication.run(CompatApp.class, args);
    Environment env = context.getEnvironment();
    String port = env.getProperty("local.server.port");
    System.out.println("COMPAT READY" + (port == null ? "" : " port=" + port));
    System.out.flush();
    if (env.getProperty("compat.stay", Boolean.class, false)) {
      System.in.transferTo(OutputStream.nullOutputStream());
    }
    System.exit(SpringApplication.exit(context));
  }

  /** The job named by {@code compat.job}, of {@code compat.scope} (machine-bound by default). */
  static List<Job> jobs(Environment env) {
    String name = env.getProperty("compat.job");
    if (name == null) {
      return List.of();
    }
    return List.of(
        env.getProperty("compat.scope", "machine-bound").equals("service-level")
            ? Job.serviceLevel(name).build()
            : Job.machineBound(name).build());
  }

  /** The job, declared as an integration declares the jobs it will report. */
  @Bean
  PromjobJobs compatJobs(Environment env) {
    return () -> jobs(env);
  }

  @Bean
  CommandLineRunner compatJob(Reporter reporter, Environment env) {
    return args -> {
      for (Job job : jobs(env)) {
        report(reporter, job);
      }
    };
  }

  private static void report(Reporter reporter, Job job) {
    reporter.run(
        job,
        run ->
            Gauge.builder()
                .name("compat_items")
                .help("Items the compat app handled.")
                .register(run.registry())
                .set(42));
    System.out.println("COMPAT REPORTED " + job.name());
  }
}
