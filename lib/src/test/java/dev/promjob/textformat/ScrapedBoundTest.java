package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bounds as a scrape of node_exporter or the Pushgateway stores them: Go's {@code
 * strconv.FormatFloat(v, 'g', -1, 64)} behind expfmt's special cases. The expected texts are Go's
 * (and the ones {@code ScrapedBoundsIT} reads back from the real servers).
 */
class ScrapedBoundTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0|1",
        "1|1",
        "0.0|0",
        "-0.0|0",
        "-1.0|-1",
        "2.5|2.5",
        "0.1|0.1",
        "0.3|0.3",
        "0.0001|0.0001",
        "1.0E-5|1e-05",
        "0.00001|1e-05",
        "1.0E-7|1e-07",
        "100000.0|100000",
        "123456.7|123456.7",
        "999999.0|999999",
        "1000000.0|1e+06",
        "1.0E21|1e+21",
        "1.23456789E8|1.23456789e+08",
        "2.0E23|2e+23",
        "1.795299316E9|1.795299316e+09",
        "0.3333333333333333|0.3333333333333333",
        "4.9E-324|5e-324",
        "1.7976931348623157E308|1.7976931348623157e+308",
        "-2.5|-2.5",
        "+Inf|+Inf",
        "-Inf|-Inf",
        "inf|+Inf",
        "NaN|NaN",
        "2.0E-3|0.002",
        "1e100|1e+100",
        "1.0E10|1e+10",
        // 2^89: the nearest 16-digit decimal does not read back, the one above it does
        "618970019642690137449562112|6.189700196426902e+26",
      })
  void aBoundIsWrittenAsGoWritesIt(String token, String scraped) {
    assertThat(TextFormat.scrapedBound(token)).isEqualTo(scraped);
  }

  @Test
  void aTokenThatIsNoFloatStaysAsItIs() {
    assertThat(TextFormat.scrapedBound("abc")).isEqualTo("abc");
  }

  /** The shortest text that reads back: never longer than Java's, and always the same double. */
  @Test
  void everyFormattedBoundReadsBackAsTheSameDouble() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(19);
    for (int i = 0; i < 2_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(v)) {
        continue;
      }
      String s = GoFloat.format(v);
      assertThat(GoFloat.parse(s)).as(s).isEqualTo(v == 0 ? 0.0 : v);
    }
  }

  @Test
  void onlyHistogramBucketsAndSummaryQuantilesAreBounds() {
    assertThat(TextFormat.isBound("histogram", "le")).isTrue();
    assertThat(TextFormat.isBound("summary", "quantile")).isTrue();
    assertThat(TextFormat.isBound("gauge", "le")).isFalse();
    assertThat(TextFormat.isBound("untyped", "quantile")).isFalse();
    assertThat(TextFormat.isBound("histogram", "quantile")).isFalse();
  }
}
