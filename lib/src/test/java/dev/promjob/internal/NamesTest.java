package dev.promjob.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
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

  /**
   * client_java's legacy validators, which Names now calls, agree with the rule its messages state
   * on 1 000 000 random strings: short ones, drawn mostly from the characters at the edges of each
   * range, with some from anywhere in the BMP.
   */
  @Test
  void clientJavasValidatorsAreTheStatedRuleOnAMillionRandomStrings() {
    Pattern metric = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    Pattern label = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    String edges = "azAZ09_:" + OUTSIDE + "\u00e9\u0130\u212a\uff21";
    SplittableRandom random = new SplittableRandom(20261202);
    int metricNames = 0;
    int labelNames = 0;
    for (int n = 0; n < 1_000_000; n++) {
      char[] chars = new char[random.nextInt(6)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] =
            random.nextInt(10) == 0
                ? (char) random.nextInt(0x10000)
                : edges.charAt(random.nextInt(edges.length()));
      }
      String s = new String(chars);
      boolean isMetric = metric.matcher(s).matches();
      boolean isLabel = label.matcher(s).matches();
      assertThat(Names.isMetricName(s)).as("metric name %s", s).isEqualTo(isMetric);
      assertThat(Names.isLabelName(s)).as("label name %s", s).isEqualTo(isLabel);
      metricNames += isMetric ? 1 : 0;
      labelNames += isLabel ? 1 : 0;
    }
    // Both answers were drawn often enough to mean something.
    assertThat(metricNames).isBetween(50_000, 950_000);
    assertThat(labelNames).isBetween(50_000, 950_000);
  }
}
