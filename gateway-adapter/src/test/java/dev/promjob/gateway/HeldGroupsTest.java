package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.spi.Carried;
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
}
