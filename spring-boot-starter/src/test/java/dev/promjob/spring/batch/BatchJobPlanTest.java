package dev.promjob.spring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.Scope;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

class BatchJobPlanTest {
  private final BatchJobPlan plan =
      new BatchJobPlan("importJob", "imports", Scope.SERVICE_LEVEL, List.of("region", "tenant"));
  private final List<String> leftOut = new ArrayList<>();

  private Job job(JobParametersBuilder parameters) {
    return plan.job(parameters.toJobParameters(), (p, why) -> leftOut.add(p + ": " + why));
  }

  @Test
  void givesEachAllowListedParameterAsAGroupingLabel() {
    Job job =
        job(
            new JobParametersBuilder()
                .addString("region", "eu")
                .addLong("tenant", 7L)
                .addString("input", "/data/in.csv"));
    assertThat(job.name()).isEqualTo("imports");
    assertThat(job.scope()).isEqualTo(Scope.SERVICE_LEVEL);
    assertThat(job.groupingLabels()).isEqualTo(Map.of("region", "eu", "tenant", "7"));
    assertThat(leftOut).isEmpty();
  }

  @Test
  void leavesOutAMissingParameterAndSaysSo() {
    Job job = job(new JobParametersBuilder().addString("region", "eu"));
    assertThat(job.groupingLabels()).isEqualTo(Map.of("region", "eu"));
    assertThat(leftOut).containsExactly("tenant: the execution has no such job parameter");
  }

  @Test
  void leavesOutADateOrTimeValueWhateverItsName() {
    Job job =
        job(
            new JobParametersBuilder()
                .addDate("region", new Date(0))
                .addLocalDate("tenant", LocalDate.of(2026, 12, 3)));
    assertThat(job.groupingLabels()).isEmpty();
    assertThat(leftOut)
        .containsExactly(
            "region: its value is a Date, one group per run",
            "tenant: its value is a LocalDate, one group per run");
  }

  @Test
  void leavesOutAValueTheBackendWouldRefuse() {
    Job job = job(new JobParametersBuilder().addString("region", "").addString("tenant", "a"));
    assertThat(job.groupingLabels()).isEqualTo(Map.of("tenant", "a"));
    assertThat(leftOut).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("region: "));
  }

  @Test
  void leavesOutAStringThatLooksLikeADateTimeIdOrUuid() {
    for (String value :
        List.of(
            "2026-12-01",
            "1796324149",
            "1796324149123",
            "20261201",
            "12:30",
            "2026-12-01T12:30:00Z",
            "3f2b8c1e-7a4d-4e2b-9c1a-0b6e5d4c3a21",
            "deadbeefdeadbeef")) {
      leftOut.clear();
      Job job = job(new JobParametersBuilder().addString("region", value).addString("tenant", "a"));
      assertThat(job.groupingLabels()).as(value).isEqualTo(Map.of("tenant", "a"));
      assertThat(leftOut)
          .containsExactly(
              "region: its value '"
                  + value
                  + "' looks like a date, time, timestamp, id or UUID, one group per run");
    }
  }

  @Test
  void keepsOrdinaryValues() {
    for (String value : List.of("eu", "7", "12345678", "tenant-42", "acme_2026")) {
      leftOut.clear();
      Job job = job(new JobParametersBuilder().addString("region", value).addString("tenant", "a"));
      assertThat(job.groupingLabels()).as(value).isEqualTo(Map.of("region", value, "tenant", "a"));
      assertThat(leftOut).isEmpty();
    }
  }
}
