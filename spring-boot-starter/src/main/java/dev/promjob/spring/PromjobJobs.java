package dev.promjob.spring;

import dev.promjob.Job;
import java.util.Collection;

/**
 * The promjob jobs an integration of the application (Spring Batch, {@code @Scheduled}) will
 * report, exposed as a bean so that they are checked when the application starts (their backend on
 * the class path), not at their first run.
 *
 * <pre>{@code
 * @Bean
 * PromjobJobs nightlyJobs() {
 *   return () -> List.of(Job.builder("nightly").build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PromjobJobs {
  /** The jobs, as the integration will report them (before configuration is applied). */
  Collection<Job> jobs();
}
