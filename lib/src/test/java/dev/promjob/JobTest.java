package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JobTest {

  static String refusal(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void buildsAnImmutableSortedDeclaration() {
    Job job =
        Job.machineBound("db_backup")
            .groupingLabel("zone", "b")
            .groupingLabel("database", "users")
            .expectedInterval(Duration.ofHours(24))
            .build();
    assertEquals("db_backup", job.name());
    assertEquals(Scope.MACHINE_BOUND, job.scope());
    assertEquals(List.of("database", "zone"), List.copyOf(job.groupingLabels().keySet()));
    assertEquals(Optional.of(Duration.ofHours(24)), job.expectedInterval());
    assertThrows(UnsupportedOperationException.class, () -> job.groupingLabels().put("a", "b"));
    assertEquals(
        "{database=\"users\",job_name=\"db_backup\",zone=\"b\"}", job.identityLabels().toString());
  }

  @Test
  void copiesTheMapItIsGiven() {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put("a", "1");
    Job job = new Job("j", Scope.SERVICE_LEVEL, labels, Optional.empty(), Optional.empty());
    labels.put("b", "2");
    assertEquals(1, job.groupingLabels().size());
  }

  @Test
  void refusesEmptyOrUnprintableJobNames() {
    assertEquals("'': job name must not be empty", refusal(() -> Job.machineBound("")));
    assertEquals(
        "'a\\nb': job name must not contain control characters",
        refusal(() -> Job.machineBound("a\nb")));
    assertThat(refusal(() -> Job.machineBound("a\uD800"))).contains("unpaired surrogate");
    assertThat(refusal(() -> Job.machineBound("x".repeat(201)))).contains("longer than 200");
  }

  @Test
  void acceptsAnyPrintableJobName() {
    assertEquals("a/b ../ü 🎉", Job.serviceLevel("a/b ../ü 🎉").build().name());
  }

  @Test
  void refusesReservedAndInvalidGroupingLabels() {
    Job.Builder b = Job.serviceLevel("j");
    assertThat(refusal(() -> b.groupingLabel("job", "x")))
        .startsWith("'job': the job label is the job's name");
    assertThat(refusal(() -> b.groupingLabel("job_name", "x"))).contains("reserved by promjob");
    assertThat(refusal(() -> b.groupingLabel("le", "x"))).contains("histograms");
    assertThat(refusal(() -> b.groupingLabel("__x", "x"))).contains("reserved for Prometheus");
    assertThat(refusal(() -> b.groupingLabel("a-b", "x")))
        .startsWith("'a-b': not a valid Prometheus label name");
    assertThat(refusal(() -> b.groupingLabel("a", "")))
        .startsWith("'': value of grouping label a must not be empty");
    assertThat(refusal(() -> b.groupingLabel("a", "x\ty"))).contains("control characters");
  }

  @Test
  void refusesInstanceOnlyForMachineBoundJobs() {
    assertThat(refusal(() -> Job.machineBound("j").groupingLabel("instance", "h1")))
        .startsWith("'instance': a machine-bound job must not set instance");
    // Set before the scope: caught when the job is built.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Job.builder()
                .name("j")
                .groupingLabel("instance", "h1")
                .scope(Scope.MACHINE_BOUND)
                .build());
    assertEquals(
        "h1",
        Job.serviceLevel("j")
            .groupingLabel("instance", "h1")
            .build()
            .groupingLabels()
            .get("instance"));
  }

  @Test
  void refusesTheSameGroupingLabelTwice() {
    Job.Builder b = Job.serviceLevel("j").groupingLabel("a", "1");
    assertEquals("'a': grouping label given twice", refusal(() -> b.groupingLabel("a", "2")));
  }

  @Test
  void refusesNonPositiveIntervals() {
    assertEquals(
        "'PT0S': expected interval must be a positive duration of at most 366d",
        refusal(() -> Job.machineBound("j").expectedInterval(Duration.ZERO)));
  }

  @Test
  void needsNameAndScope() {
    assertThrows(
        IllegalStateException.class, () -> Job.builder().scope(Scope.MACHINE_BOUND).build());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Job.builder().name("j").build());
    assertEquals("job 'j' needs a scope: MACHINE_BOUND or SERVICE_LEVEL", e.getMessage());
  }
}
