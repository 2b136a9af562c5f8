package dev.promjob.spring.batch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot batch application as a user writes one: the jobs of {@link ItemsJobs}, the starter
 * on the class path, nothing of promjob's in the code. Its {@code main} runs as a child JVM, Boot
 * launching the job named by {@code spring.batch.job.name} at start.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ItemsJobs.class)
public class BatchApp {
  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(BatchApp.class, args)));
  }
}
