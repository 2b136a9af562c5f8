package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.Run;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandMetricsTest {
  @TempDir Path dir;
  Run run;

  @BeforeEach
  void start() {
    Reporter reporter = Reporter.builder().textfileDirectory(dir).build();
    run = reporter.start(Job.machineBound("backup").groupingLabel("site", "a").build());
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  List<String> registered() {
    return run.registry().scrape().stream()
        .map(MetricSnapshot::getMetadata)
        .map(m -> m.getPrometheusName())
        .toList();
  }

  @Test
  void everyFamilyIsAddedToTheRunsRegistry() {
    String refusal =
        CommandMetrics.add(
            text(
                "# HELP files Files.\n# TYPE files gauge\nfiles{kind=\"db\"} 12\n"
                    + "# HELP written_bytes_total Bytes.\n# TYPE written_bytes_total counter\n"
                    + "written_bytes_total 4096\n"),
            run);

    assertThat(refusal).isNull();
    assertThat(registered()).containsExactly("files", "written_bytes_total");
  }

  @Test
  void nothingWrittenIsNoRefusalAndAddsNothing() {
    assertThat(CommandMetrics.add(new byte[0], run)).isNull();
    assertThat(CommandMetrics.add(text("# just a comment\n"), run)).isNull();
    assertThat(registered()).isEmpty();
  }

  @Test
  void oneRefusedFamilyAddsNoneOfTheOthersAndNamesItsLineAndRule() {
    String refusal =
        CommandMetrics.add(
            text("# HELP files Files.\nfiles 12\n# HELP q Queue.\nq{site=\"b\"} 1\n"), run);

    assertThat(refusal)
        .isEqualTo(
            "4: 'site': label name is a grouping label of job 'backup', which the report adds to"
                + " every series (metric q)");
    assertThat(registered()).isEmpty();
  }

  @Test
  void anUnparsableLineIsNamedAsWriteNamesIt() {
    String refusal = CommandMetrics.add(text("# HELP q Queue.\nq{a=\"b} 1\n"), run);

    assertThat(refusal).startsWith("2: ");
    assertThat(registered()).isEmpty();
  }

  @Test
  void aFamilyThatPromjobRunReportsItselfIsRefusedEvenWithItsStandardHelp() {
    String help = dev.promjob.BatchMetrics.COMMAND_HELP.get("promjob_last_exit_code");

    String refusal =
        CommandMetrics.add(
            text(
                "# HELP q Q.\nq 1\n# HELP promjob_last_exit_code "
                    + help
                    + "\n"
                    + "promjob_last_exit_code 0\n"),
            run);

    assertThat(refusal)
        .isEqualTo(
            "3: 'promjob_last_exit_code': promjob run reports it itself, from how the command"
                + " ended");
    assertThat(registered()).isEmpty();
  }

  @Test
  void theRegistryIsToldEachFamilysTypeHelpAndLabelNames() throws Exception {
    List<MetricFamilyDescriptor> d =
        CommandMetrics.descriptors(
            TextSnapshots.parse(
                text(
                    "# HELP g G.\n# TYPE g gauge\ng{b=\"1\",a=\"2\"} 1\n"
                        + "# HELP c_total C.\n# TYPE c_total counter\nc_total 1\n"
                        + "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\n"
                        + "h_count 1\n"
                        + "# HELP s S.\n# TYPE s summary\ns_sum 1\ns_count 1\n"
                        + "# HELP u U.\nu 1\n")));

    assertThat(d)
        .extracting(MetricFamilyDescriptor::getType)
        .containsExactly( // client_java sorts the families by name
            MetricType.COUNTER,
            MetricType.GAUGE,
            MetricType.HISTOGRAM,
            MetricType.SUMMARY,
            MetricType.UNKNOWN);
    assertThat(d.get(1).getMetadata().getHelp()).isEqualTo("G.");
    assertThat(d.get(1).getLabelNames()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aClashWithAnotherFileIsNamedWithTheLineOfItsFamilyOrSeries() {
    byte[] text =
        text(
            "# HELP a A.\na 1\n# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\n"
                + "h_sum 1\nh_count 1\n");

    assertThat(CommandMetrics.lineOfFamily(text, "family h has HELP \"H.\" here but \"X\" in o"))
        .isEqualTo("3:");
    assertThat(CommandMetrics.lineOfFamily(text, "series h_count{job_name=\"x\"} is also in o"))
        .isEqualTo("7:");
    assertThat(CommandMetrics.lineOfFamily(text, "family a is a gauge here but a counter in o"))
        .isEqualTo("1:");
    assertThat(CommandMetrics.lineOfFamily(text, "family h")).isEqualTo("3:");
    assertThat(CommandMetrics.lineOfFamily(text, "family b is a gauge here")).isEmpty();
    assertThat(CommandMetrics.lineOfFamily(text, "clash")).isEmpty();
  }

  @Test
  void lineOfNamesNothingWhenTheRuleIsAboutNoValueOfTheFile() {
    assertThat(CommandMetrics.add(text("# HELP q Q.\nq 1\n"), run)).isNull();
    assertThat(WriteCommand.lineOf(text("q 1\n"), "no value quoted")).isEmpty();
  }
}
