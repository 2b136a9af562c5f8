package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.textfile.TextfileBackend;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
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

  @Test
  void nothingLongerThanAYearLeapDayIncluded() {
    assertThat(Durations.parse("366d", "--timeout")).isEqualTo(Duration.ofDays(366));
    assertThat(Durations.parse("PT8784H", "--timeout")).isEqualTo(Durations.MAX);
    for (String tooLong : new String[] {"200000d", "367d", "PT8784H0.001S", "31622401s"}) {
      assertThatThrownBy(() -> Durations.parse(tooLong, "--timeout"))
          .as(tooLong)
          .hasMessage(
              "'"
                  + tooLong
                  + "': --timeout must be a positive duration of at most 366d, such as 500ms, 5s,"
                  + " 1m, 2h or 1d");
    }
    assertThat(Durations.check(Duration.ofDays(366), "deadline")).isEqualTo(Duration.ofDays(366));
    assertThatThrownBy(() -> Durations.check(Duration.ofDays(200000), "deadline"))
        .hasMessage("'PT4800000H': deadline must be a positive duration of at most 366d");
    assertThatThrownBy(() -> Durations.check(Duration.ofMillis(-1), "deadline"))
        .hasMessage("'PT-0.001S': deadline must be a positive duration of at most 366d");
  }

  /** Every place a duration enters in code or configuration, with the one rule. */
  @Test
  void everyDurationOfLibIsBoundedWhereItIsGiven() {
    Duration huge = Duration.ofDays(200000);
    String rule = "'PT4800000H': %s must be a positive duration of at most 366d";
    assertThatThrownBy(() -> Job.machineBound("j").expectedInterval(huge))
        .hasMessage(rule, "expected interval");
    assertThatThrownBy(() -> Job.machineBound("j").schedule("@daily", ZoneOffset.UTC, huge))
        .hasMessage(rule, "grace");
    assertThatThrownBy(() -> Reporter.builder().reportOnShutdown(true, huge))
        .hasMessage(rule, "shutdown timeout");
    assertThatThrownBy(() -> TextfileBackend.builder().lockTimeout(huge))
        .hasMessage(rule, "lock timeout");
    String configured = "'200000d': %s must be a positive duration of at most 366d, such as";
    Config shutdown = Config.of(Map.of(Config.SHUTDOWN_TIMEOUT, "200000d"));
    assertThatThrownBy(() -> Reporter.builder().config(shutdown).build())
        .hasMessageStartingWith(configured.formatted(Config.SHUTDOWN_TIMEOUT));
    Config lock = Config.of(Map.of(Config.TEXTFILE_LOCK_TIMEOUT, "200000d"));
    assertThatThrownBy(() -> TextfileBackend.builder().config(lock))
        .hasMessageStartingWith(configured.formatted(Config.TEXTFILE_LOCK_TIMEOUT));
    Job scheduled =
        Job.machineBound("j").schedule("@daily", ZoneOffset.UTC, Duration.ofHours(1)).build();
    Config grace = Config.of(Map.of("promjob.job.j.grace", "200000d"));
    assertThatThrownBy(() -> JobKeys.configured(scheduled, grace))
        .hasMessageStartingWith(configured.formatted("promjob.job.j.grace"));
  }
}
