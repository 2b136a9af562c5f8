package dev.promjob.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Scope;
import dev.promjob.spring.PromjobAutoConfiguration;
import dev.promjob.spring.PromjobJobs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The start-up half of the batch integration, in a real application context with real Spring Batch
 * jobs ({@link ItemsJobs}): what is reported, how, and what configuration is refused at context
 * refresh, before any execution.
 */
@ExtendWith(OutputCaptureExtension.class)
class PromjobBatchAutoConfigurationTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner(Map<String, String> keys, String... properties) {
    Map<String, String> all = new HashMap<>(keys);
    all.putIfAbsent("promjob.textfile.dir", dir.toString());
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                BatchAutoConfiguration.class,
                PromjobAutoConfiguration.class,
                PromjobBatchAutoConfiguration.class))
        .withUserConfiguration(ItemsJobs.class)
        .withPropertyValues("spring.batch.job.enabled=false")
        .withPropertyValues(
            all.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new))
        .withPropertyValues(properties);
  }

  /** The context refresh fails, an exception of its chain saying {@code message}. */
  private void refused(Map<String, String> keys, String message) {
    runner(keys)
        .run(
            context -> {
              assertThat(context).hasFailed();
              StringBuilder chain = new StringBuilder();
              for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                chain.append(t).append('\n');
              }
              assertThat(chain.toString()).contains(message);
            });
  }

  private static ContextConsumer<AssertableApplicationContext> plans(
      java.util.function.Consumer<Map<String, BatchJobPlan>> check) {
    return context -> {
      assertThat(context).hasNotFailed();
      Map<String, BatchJobPlan> byName = new HashMap<>();
      context.getBean(BatchJobs.class).plans().forEach(p -> byName.put(p.batchName(), p));
      check.accept(byName);
    };
  }

  @Test
  void reportsEveryJobBeanMachineBoundOffACloudPlatform() {
    runner(Map.of())
        .run(
            plans(
                p -> {
                  assertThat(p).containsOnlyKeys("itemsJob", "slowJob", "countJob", "cleanupJob");
                  assertThat(p.get("itemsJob").scope()).isEqualTo(Scope.MACHINE_BOUND);
                  assertThat(p.get("itemsJob").name()).isEqualTo("itemsJob");
                }));
  }

  @Test
  void reportsServiceLevelOnKubernetes() {
    runner(
            Map.of("promjob.pushgateway.url", "http://127.0.0.1:9"),
            "spring.main.cloud-platform=kubernetes")
        .run(plans(p -> assertThat(p.get("itemsJob").scope()).isEqualTo(Scope.SERVICE_LEVEL)));
  }

  @Test
  void takesScopeAndNamePerJob() {
    runner(
            Map.of(
                "promjob.batch.scope", "service-level",
                "promjob.pushgateway.url", "http://127.0.0.1:9",
                "promjob.batch.job.itemsJob.scope", "machine-bound",
                "promjob.batch.job.itemsJob.name", "items_import"))
        .run(
            plans(
                p -> {
                  assertThat(p.get("itemsJob").scope()).isEqualTo(Scope.MACHINE_BOUND);
                  assertThat(p.get("itemsJob").name()).isEqualTo("items_import");
                  assertThat(p.get("slowJob").scope()).isEqualTo(Scope.SERVICE_LEVEL);
                }));
  }

  @Test
  void leavesOutAJobOptedOutAndEveryJobWhenOff() {
    runner(Map.of("promjob.batch.job.cleanupJob.enabled", "false"))
        .run(plans(p -> assertThat(p).doesNotContainKey("cleanupJob").containsKey("itemsJob")));
    runner(Map.of("promjob.batch.enabled", "false")).run(plans(p -> assertThat(p).isEmpty()));
  }

  @Test
  void isOffWithTheWholeIntegration() {
    runner(Map.of("promjob.enabled", "false"))
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(BatchJobs.class);
              assertThat(context).hasBean("itemsJob");
            });
  }

  @Test
  void refusesATextfileDirectoryNoReportCouldBeWrittenToAtStartUp() {
    refused(Map.of("promjob.textfile.dir", dir.resolve("missing").toString()), "missing");
  }

  @Test
  void listsTheReportedJobsForTheStartUpCheckOfEveryIntegration() {
    runner(Map.of("promjob.batch.job.cleanupJob.enabled", "false"))
        .run(
            context ->
                assertThat(
                        context.getBeansOfType(PromjobJobs.class).values().stream()
                            .flatMap(j -> j.jobs().stream())
                            .map(dev.promjob.Job::name))
                    .contains("itemsJob", "slowJob", "countJob")
                    .doesNotContain("cleanupJob"));
  }

  @Test
  void refusesAServiceLevelJobWithNowhereToPushAtStartUp() {
    refused(Map.of("promjob.batch.scope", "service-level"), "promjob.pushgateway.url");
  }

  @Test
  void refusesRunIdsAsLabels() {
    refused(Map.of("promjob.batch.job.itemsJob.labels", "region,run.id"), "'run.id': a run id");
    refused(Map.of("promjob.batch.job.countJob.labels", "attempt"), "'attempt': a run id");
  }

  @Test
  void refusesDatesAndTimesAsLabels() {
    refused(
        Map.of("promjob.batch.job.itemsJob.labels", "businessDate"),
        "'businessDate': names a date");
    refused(
        Map.of("promjob.batch.job.itemsJob.labels", "startTimestamp"),
        "'startTimestamp': names a time");
  }

  @Test
  void refusesLabelsThatAreNoLabelNamesOrTheMetricsOwn() {
    refused(
        Map.of("promjob.batch.job.itemsJob.labels", "input.file"),
        "'input.file': not a grouping label name");
    refused(
        Map.of("promjob.batch.job.itemsJob.labels", "step"),
        "'step': a label the batch metrics carry");
    refused(Map.of("promjob.batch.job.itemsJob.labels", "region,region"), "'region': given twice");
  }

  @Test
  void refusesKeysOfNoJobAndBadValues() {
    refused(
        Map.of("promjob.batch.job.itemJob.enabled", "false"),
        "'promjob.batch.job.itemJob.enabled': names no Spring Batch job");
    refused(
        Map.of("promjob.batch.enabled", "yes"),
        "'yes': promjob.batch.enabled must be true or false");
    refused(
        Map.of("promjob.batch.scope", "host"),
        "'host': promjob.batch.scope must be machine-bound or service-level");
  }

  /**
   * A per-job variable is refused as its key is when it names no job: lib matches such variables
   * only when a job asks, so a typo in one (or Spring's form of an underscored name) was ignored.
   */
  @Test
  void refusesAVariableOfNoJobAndHonoursOneOfAJob() {
    withVariables(Map.of("PROMJOB_BATCH_JOB_ITEMJOB_ENABLED", "false"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasMessageContaining(
                      "'PROMJOB_BATCH_JOB_ITEMJOB_ENABLED': names no Spring Batch job");
            });
    withVariables(Map.of("PROMJOB_BATCH_JOB_ITEMSJOB_ENABLED", "false"))
        .run(plans(byName -> assertThat(byName).doesNotContainKey("itemsJob").isNotEmpty()));
  }

  private ApplicationContextRunner withVariables(Map<String, Object> variables) {
    return runner(Map.of())
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new org.springframework.core.env.SystemEnvironmentPropertySource(
                            "testVariables", variables)));
  }

  /** A job of the application's own class, not built by Spring Batch's builders. */
  @Configuration(proxyBeanMethods = false)
  static class PlainJob {
    @Bean
    Job plainJob() {
      return new Job() {
        @Override
        public String getName() {
          return "plainJob";
        }

        @Override
        public void execute(JobExecution execution) {}
      };
    }
  }

  @Test
  void namesAJobThatIsNoAbstractJobAndLeavesItOut(CapturedOutput output) {
    runner(Map.of())
        .withUserConfiguration(PlainJob.class)
        .run(
            plans(
                p -> {
                  assertThat(p).doesNotContainKey("plainJob").containsKey("itemsJob");
                  assertThat(output.getAll())
                      .contains(
                          "promjob: Spring Batch job 'plainJob' (bean 'plainJob') is not an"
                              + " AbstractJob: it cannot be given a listener and is not reported");
                }));
  }
}
