package dev.promjob.spring.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The jobs of the test applications. {@code itemsJob}: a chunk job over {@code items} numbers that
 * skips in every phase (read: n % 10 == 3, process: 5, write: 9), filters 7, and fails on demand at
 * item {@code failAt} while {@link #failing} holds. {@code slowJob}: a tasklet that writes {@code
 * marker} once it runs, then works in 50 ms slices until stopped or killed, for at most {@code
 * seconds}. {@code cleanupJob}: one tasklet that does nothing.
 */
@Configuration(proxyBeanMethods = false)
public class ItemsJobs {
  /** Whether {@code failAt} fails the item: off, a restart of the failed execution succeeds. */
  public static volatile boolean failing = true;

  /** The execution of {@code slowJob} in progress in this JVM, once its step runs. */
  public static final AtomicReference<JobExecution> slow = new AtomicReference<>();

  /**
   * The application's own listener, a common one: a completed execution that skipped items ends
   * with the exit code {@code COMPLETED_WITH_SKIPS}. promjob must report the code it leaves.
   */
  static final class SkipsExitCode implements JobExecutionListener {
    @Override
    public void afterJob(JobExecution execution) {
      long skips = 0;
      for (var step : execution.getStepExecutions()) {
        skips += step.getSkipCount();
      }
      if (execution.getStatus() == BatchStatus.COMPLETED && skips > 0) {
        execution.setExitStatus(new ExitStatus("COMPLETED_WITH_SKIPS"));
      }
    }
  }

  /** A skippable failure. */
  public static final class SkipMe extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SkipMe(String message) {
      super(message);
    }
  }

  @Bean
  Job itemsJob(
      JobRepository repository,
      ObjectProvider<PlatformTransactionManager> transactions,
      ItemReader<Integer> numbers,
      ItemProcessor<Integer, Integer> processor) {
    return new JobBuilder("itemsJob", repository)
        .listener(new SkipsExitCode())
        .start(itemsStep(repository, transactions, numbers, processor))
        .build();
  }

  private static Step itemsStep(
      JobRepository repository,
      ObjectProvider<PlatformTransactionManager> transactions,
      ItemReader<Integer> numbers,
      ItemProcessor<Integer, Integer> processor) {
    var b =
        new StepBuilder("itemsStep", repository)
            .<Integer, Integer>chunk(5)
            .reader(numbers)
            .processor(processor)
            .writer(writer())
            .faultTolerant()
            .skip(SkipMe.class)
            .skipLimit(1000);
    PlatformTransactionManager tm = transactions.getIfAvailable();
    if (tm != null) {
      b.transactionManager(tm);
    }
    return b.build();
  }

  @Bean
  @StepScope
  ItemReader<Integer> numbers(@Value("#{jobParameters['items'] ?: 20}") long items) {
    AtomicInteger next = new AtomicInteger();
    return () -> {
      int i = next.incrementAndGet();
      if (i > items) {
        return null;
      }
      if (i % 10 == 3) {
        throw new SkipMe("cannot read item " + i);
      }
      return i;
    };
  }

  @Bean
  @StepScope
  ItemProcessor<Integer, Integer> processor(
      @Value("#{jobParameters['failAt'] ?: -1}") long failAt) {
    return i -> {
      if (i == failAt && failing) {
        throw new IllegalStateException("item " + i + " failed on demand");
      }
      if (i % 10 == 5) {
        throw new SkipMe("cannot process item " + i);
      }
      return i % 10 == 7 ? null : i;
    };
  }

  private static ItemWriter<Integer> writer() {
    return chunk -> {
      for (Integer i : chunk) {
        if (i % 10 == 9) {
          throw new SkipMe("cannot write item " + i);
        }
      }
    };
  }

  @Bean
  Job slowJob(JobRepository repository) {
    return new JobBuilder("slowJob", repository).start(slowStep(repository)).build();
  }

  private static Step slowStep(JobRepository repository) {
    return new StepBuilder("slowStep", repository)
        .tasklet(
            (contribution, context) -> {
              var step = context.getStepContext().getStepExecution();
              slow.set(step.getJobExecution());
              String marker = step.getJobParameters().getString("marker");
              if (marker != null && !Files.exists(Path.of(marker))) {
                try {
                  Files.writeString(Path.of(marker), "running");
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
              Thread.sleep(50); // a slice of work; the step checks for a stop between slices
              // A Long from the tests, a String from a command line (Boot's conversion).
              var given = step.getJobParameters().getParameter("seconds");
              long seconds = given == null ? 120 : Long.parseLong(String.valueOf(given.value()));
              return step.getStartTime().plusSeconds(seconds).isBefore(LocalDateTime.now())
                  ? RepeatStatus.FINISHED
                  : RepeatStatus.CONTINUABLE;
            })
        .build();
  }

  /** A job that Boot starts with the next run id: {@code attempt} is its run id parameter. */
  @Bean
  Job countJob(JobRepository repository) {
    RunIdIncrementer attempts = new RunIdIncrementer();
    attempts.setKey("attempt");
    return new JobBuilder("countJob", repository)
        .incrementer(attempts)
        .start(
            new StepBuilder("countStep", repository)
                .tasklet((contribution, context) -> RepeatStatus.FINISHED)
                .build())
        .build();
  }

  @Bean
  Job cleanupJob(JobRepository repository) {
    return new JobBuilder("cleanupJob", repository)
        .start(
            new StepBuilder("cleanupStep", repository)
                .tasklet((contribution, context) -> RepeatStatus.FINISHED)
                .build())
        .build();
  }
}
