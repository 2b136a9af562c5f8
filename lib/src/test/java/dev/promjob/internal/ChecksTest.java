package dev.promjob.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksTest {
  @Test
  void messagesNameTheValueThenTheRule() {
    assertEquals("'a b': some rule", Checks.invalid("a b", "some rule").getMessage());
  }

  @Test
  void messagesStayOnOneLine() {
    assertEquals("a\\nb\\u0000\\\\", Checks.printable("a\nb\0\\"));
    assertThat(Checks.printable("x".repeat(500))).endsWith("...(500 chars)");
  }

  @Test
  void detectsUnpairedSurrogates() {
    assertTrue(Checks.isWellFormedUtf16("ok 🎉"));
    assertFalse(Checks.isWellFormedUtf16("bad \uD83C"));
    assertFalse(Checks.isWellFormedUtf16("\uDF89 bad"));
  }

  @Test
  void runIdsAreThreeRunsOfDigitsJoinedByDashes() {
    for (String id : new String[] {"1-2-3", "4242-1733260000000-17", "0-0-0"}) {
      assertTrue(Checks.isRunId(id), id);
    }
    for (String id :
        new String[] {
          "",
          "1",
          "1-2",
          "1-2-3-4",
          "-1-2",
          "1--2",
          "1-2-",
          "1-2-3-",
          "a-2-3",
          "1-2-3a",
          "1-\u0662-3",
          "1-2-3 ",
          "1-2-\u0663"
        }) {
      assertFalse(Checks.isRunId(id), id);
    }
  }

  @Test
  void legacyNames() {
    assertTrue(Names.isMetricName("a:b_c1"));
    assertFalse(Names.isMetricName("1a"));
    assertFalse(Names.isMetricName("a.b"));
    assertTrue(Names.isLabelName("_a1"));
    assertFalse(Names.isLabelName("a:b"));
  }

  @org.junit.jupiter.api.Test
  void durationsAsConfigurationWritesThem() {
    org.assertj.core.api.Assertions.assertThat(Checks.duration("500ms", "k"))
        .isEqualTo(java.time.Duration.ofMillis(500));
    org.assertj.core.api.Assertions.assertThat(Checks.duration(" 5S ", "k"))
        .isEqualTo(java.time.Duration.ofSeconds(5));
    org.assertj.core.api.Assertions.assertThat(Checks.duration("2m", "k"))
        .isEqualTo(java.time.Duration.ofMinutes(2));
    org.assertj.core.api.Assertions.assertThat(Checks.duration("PT1.5S", "k"))
        .isEqualTo(java.time.Duration.ofMillis(1500));
    org.assertj.core.api.Assertions.assertThat(Checks.duration("5h", "k"))
        .isEqualTo(java.time.Duration.ofHours(5));
    org.assertj.core.api.Assertions.assertThat(Checks.duration("2d", "k"))
        .isEqualTo(java.time.Duration.ofDays(2));
    for (String bad : new String[] {"0s", "-1s", "5w", "soon", "", "ms", "PT0S", "1.5s", "0h"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checks.duration(bad, "promjob.x"))
          .as(bad)
          .hasMessage(
              "'"
                  + bad
                  + "': promjob.x must be a positive duration of at most 366d, such as 500ms, 5s,"
                  + " 1m, 2h or 1d");
    }
  }

  @org.junit.jupiter.api.Test
  void printableShowsUnpairedSurrogatesAndKeepsPairs() {
    org.assertj.core.api.Assertions.assertThat(Checks.printable("a\ud83d\ude00b"))
        .isEqualTo("a\ud83d\ude00b");
    org.assertj.core.api.Assertions.assertThat(Checks.printable("a\ud83db")).isEqualTo("a\\ud83db");
    org.assertj.core.api.Assertions.assertThat(Checks.printable("a\ude00")).isEqualTo("a\\ude00");
    org.assertj.core.api.Assertions.assertThat(Checks.printable("\ude00\ud83d"))
        .isEqualTo("\\ude00\\ud83d");
    org.assertj.core.api.Assertions.assertThat(Checks.printable(null)).isEqualTo("null");
  }
}
