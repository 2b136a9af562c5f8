package dev.promjob.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Legacy names, character by character, at the edges of every range. */
class NamesTest {
  /** Each character just outside a range of the rule: / : @ [ ` { and a digit first. */
  static final String OUTSIDE = "/@[`{ .-";

  @Test
  void metricNamesAcceptExactlyTheirCharacters() {
    for (String ok :
        new String[] {"a", "z", "A", "Z", "_", ":", "a0", "a9", "aZ_:09", "job:rate5m"}) {
      assertThat(Names.isMetricName(ok)).as(ok).isTrue();
      assertThat(Names.requireMetricName(ok)).isEqualTo(ok);
    }
    for (char c : OUTSIDE.toCharArray()) {
      assertThat(Names.isMetricName("a" + c)).as("a" + c).isFalse();
      assertThat(Names.isMetricName(c + "a")).as(c + "a").isFalse();
    }
    for (String bad : new String[] {"", "0a", "9", "a\u00e9"}) {
      assertThat(Names.isMetricName(bad)).as(bad).isFalse();
    }
    assertThat(Names.isMetricName(null)).isFalse();
    assertThatThrownBy(() -> Names.requireMetricName("my.metric"))
        .hasMessage("'my.metric': " + Names.METRIC_NAME_RULE);
  }

  @Test
  void labelNamesAcceptExactlyTheirCharacters() {
    for (String ok : new String[] {"a", "z", "A", "Z", "_", "a0", "a9", "aZ_09"}) {
      assertThat(Names.isLabelName(ok)).as(ok).isTrue();
      assertThat(Names.requireLabelName(ok)).isEqualTo(ok);
    }
    for (char c : (OUTSIDE + ":").toCharArray()) {
      assertThat(Names.isLabelName("a" + c)).as("a" + c).isFalse();
      assertThat(Names.isLabelName(c + "a")).as(c + "a").isFalse();
    }
    for (String bad : new String[] {"", "0a", "9"}) {
      assertThat(Names.isLabelName(bad)).as(bad).isFalse();
    }
    assertThat(Names.isLabelName(null)).isFalse();
    assertThatThrownBy(() -> Names.requireLabelName("a-b"))
        .hasMessage("'a-b': " + Names.LABEL_NAME_RULE);
    assertThatThrownBy(() -> Names.requireLabelName("__x"))
        .hasMessage("'__x': label names starting with __ are reserved for Prometheus");
  }
}
