package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.spi.Carried;
import dev.promjob.testing.LogCapture;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What a failed run's POST carries to each gateway, from what each holds. */
class HeldGroupsTest {
  static Optional<Carried> holds(double lastSuccess, long count) {
    return Optional.of(Carried.of(OptionalDouble.of(lastSuccess), OptionalLong.of(count)));
  }

  static Optional<Carried> empty(long count) {
    return Optional.of(Carried.of(OptionalDouble.empty(), OptionalLong.of(count)));
  }

  static List<Carried> restore(Optional<Carried> a) {
    return HeldGroups.restore(List.of(a));
  }

  static List<Carried> restore(Optional<Carried> a, Optional<Carried> b) {
    return HeldGroups.restore(List.of(a, b));
  }

  static List<Carried> restore(Optional<Carried> a, Optional<Carried> b, Optional<Carried> c) {
    return HeldGroups.restore(List.of(a, b, c));
  }

  static Carried keeps(long count) {
    return Carried.of(OptionalDouble.empty(), OptionalLong.of(count));
  }

  @Test
  void gatewaysThatHoldALastSuccessKeepTheirOwnAndTheirCount() {
    assertThat(restore(holds(100, 2), holds(90, 1))).containsExactly(keeps(2), keeps(1));
  }

  @Test
  void aGatewayThatLostItsGroupGetsTheNewestLastSuccessAndTheHighestCount() {
    assertThat(restore(holds(90, 3), empty(0), holds(100, 1)))
        .containsExactly(
            keeps(3), Carried.of(OptionalDouble.of(100), OptionalLong.of(3)), keeps(1));
  }

  @Test
  void aGatewayThatWasNotReadGetsNeitherCountNorLastSuccess() {
    assertThat(restore(holds(100, 2), Optional.empty(), empty(0)))
        .containsExactly(
            keeps(2), HeldCount.UNKNOWN, Carried.of(OptionalDouble.of(100), OptionalLong.of(2)));
  }

  @Test
  void whenNoGatewayHoldsALastSuccessEachKeepsItsOwnCount() {
    assertThat(restore(empty(1), empty(0))).containsExactly(keeps(1), keeps(0));
  }

  @Test
  void oneGatewayIsExactlyAsBefore() {
    assertThat(restore(empty(4))).containsExactly(keeps(4));
    assertThat(restore(holds(100, 4))).containsExactly(keeps(4));
    assertThat(restore(Optional.empty())).containsExactly(HeldCount.UNKNOWN);
  }

  static final String GROUP = "{job=\"export\",job_name=\"export\",region=\"eu\"}";

  @Test
  void readsEveryGatewayAndRestoresTheOneThatLostItsGroup() throws Exception {
    try (CapturingServer holds = CapturingServer.start(200);
        CapturingServer lost = CapturingServer.start(200);
        CapturingServer down = CapturingServer.start(503);
        LogCapture log = LogCapture.start()) {
      holds.answer =
          "promjob_last_success_timestamp_seconds"
              + GROUP
              + " 1.7e+09\n"
              + "promjob_consecutive_failures"
              + GROUP
              + " 2\n";
      lost.answer = "promjob_consecutive_failures" + GROUP + " 1\n";
      List<Transport> transports = new ArrayList<>();
      List<URI> metrics = new ArrayList<>();
      for (CapturingServer s : List.of(holds, lost, down)) {
        HttpEndpoint.Builder b = HttpEndpoint.builder("Pushgateway", PushgatewayKeys.HTTP, false);
        b.url(s.uri(""));
        b.retries(0);
        transports.add(new Transport(b.build("a test").http()));
        metrics.add(s.uri("/metrics"));
      }
      List<Carried> carried =
          HeldGroups.read(
              transports, metrics, HeldCountTest.JOB, transports.get(0).deadlineFromNow());
      assertThat(carried)
          .containsExactly(
              keeps(2),
              Carried.of(OptionalDouble.of(1.7e9), OptionalLong.of(2)),
              HeldCount.UNKNOWN);
      assertThat(log.messages())
          .anyMatch(m -> m.startsWith("job 'export': cannot read the consecutive failures"))
          .anyMatch(
              m ->
                  m.startsWith("job 'export': " + lost.uri("/metrics") + " holds no last success"));
    }
  }
}
