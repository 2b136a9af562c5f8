package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import dev.promjob.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

class BootPushgatewayTest {
  private static final String P = BootPushgateway.PREFIX + ".";

  private static MockEnvironment on() {
    return new MockEnvironment().withProperty(P + "enabled", "true");
  }

  @Test
  void offUnlessEnabled() {
    assertThat(BootPushgateway.of(new MockEnvironment())).isEmpty();
    assertThat(BootPushgateway.of(new MockEnvironment().withProperty(P + "enabled", "false")))
        .isEmpty();
  }

  @Test
  void jobAsBootDerivesIt() {
    BootPushgateway keyed =
        BootPushgateway.of(
                on().withProperty(P + "job", "a").withProperty("spring.application.name", "b"))
            .orElseThrow();
    assertThat(keyed.job()).isEqualTo("a");
    assertThat(keyed.jobSetting()).isEqualTo(P + "job=a");

    BootPushgateway named =
        BootPushgateway.of(on().withProperty("spring.application.name", "b")).orElseThrow();
    assertThat(named.job()).isEqualTo("b");
    assertThat(named.jobSetting()).startsWith("spring.application.name=b (");

    BootPushgateway fallback = BootPushgateway.of(on()).orElseThrow();
    assertThat(fallback.job()).isEqualTo("spring");
    assertThat(fallback.jobSetting()).startsWith("Boot's default job 'spring'");
  }

  @Test
  void groupingKeyBindsRelaxed() {
    BootPushgateway boot =
        BootPushgateway.of(
                on().withProperty(P + "job", "n")
                    .withProperty(P + "grouping-key.site", "eu")
                    .withProperty(P + "groupingKey.app", "x"))
            .orElseThrow();
    assertThat(boot.groupingKey())
        .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("app", "x", "site", "eu")));
    assertThat(boot.group()).isEqualTo("{job=\"n\",app=\"x\",site=\"eu\"}");
  }

  @Test
  void refusesAPushgatewayJobOfTheSameGroupOnly() {
    BootPushgateway boot =
        BootPushgateway.of(on().withProperty(P + "job", "nightly")).orElseThrow();
    Job service = Job.serviceLevel("nightly").build();
    Job machine = Job.machineBound("nightly").build();
    Job other = Job.serviceLevel("hourly").build();
    Job labelled = Job.serviceLevel("nightly").groupingLabel("site", "eu").build();

    boot.refuseClash(List.of(machine, other, labelled), Config.empty());
    assertThatThrownBy(() -> boot.refuseClash(List.of(other, service), Config.empty()))
        .isInstanceOf(BootPushgatewayClashException.class)
        .hasMessage(
            "'{job=\"nightly\"}': Spring Boot's Pushgateway push ("
                + P
                + "job=nightly) and promjob job 'nightly' (the Pushgateway, the default backend of"
                + " a service-level job) share this Pushgateway group");
    assertThatThrownBy(
            () ->
                boot.refuseClash(
                    List.of(machine),
                    Config.of(Map.of("promjob.backend", "textfile, pushgateway"))))
        .hasMessageContaining("(promjob.backend=textfile, pushgateway)");
    assertThatThrownBy(
            () ->
                boot.refuseClash(
                    List.of(machine),
                    Config.of(Map.of("promjob.job.nightly.backend", "pushgateway"))))
        .hasMessageContaining("(promjob.job.nightly.backend=pushgateway)");
    boot.refuseClash(
        List.of(service), Config.of(Map.of("promjob.job.nightly.backend", "textfile")));
    boot.refuseClash(List.of(service), Config.of(Map.of("promjob.backend", "remote_write")));
  }

  @Test
  void analysisNamesBothSettingsAndTheWaysOut() {
    BootPushgateway boot =
        BootPushgateway.of(
                on().withProperty(P + "job", "nightly").withProperty(P + "grouping-key.site", "eu"))
            .orElseThrow();
    BootPushgatewayClashException clash =
        new BootPushgatewayClashException(
            boot,
            Job.serviceLevel("nightly").groupingLabel("site", "eu").build(),
            "promjob.backend=pushgateway");
    FailureAnalysis a =
        new BootPushgatewayClashFailureAnalyzer()
            .analyze(new IllegalStateException("bean creation", clash));
    assertThat(a.getDescription())
        .contains("same Pushgateway group {job=\"nightly\",site=\"eu\"}")
        .contains("job from " + P + "job=nightly, grouping key {site=eu}")
        .contains("job 'nightly' on the Pushgateway (promjob.backend=pushgateway)");
    assertThat(a.getAction())
        .contains(
            P + "job", P + "grouping-key", "rename promjob job 'nightly'", P + "enabled=false");
  }
}
