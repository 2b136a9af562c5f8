package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void theOneSyntaxOfConfigurationAndFlags() {
    assertThat(Durations.parse("1500ms", "--timeout")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2h", "--timeout")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("PT90S", "--timeout")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> Durations.parse("0s", "--every"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'0s': --every must be a positive duration");
  }
}
