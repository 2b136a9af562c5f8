package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.textformat.TextFormatException;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code promjob write} hands the library: the script's families, unchanged. */
class TextSnapshotsTest {

  static String roundTrip(String text) throws Exception {
    MetricSnapshots s = TextSnapshots.parse(text.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.builder()
        .setIncludeCreatedTimestamps(false)
        .build()
        .write(out, s, EscapingScheme.UNDERSCORE_ESCAPING);
    return out.toString(StandardCharsets.UTF_8);
  }

  static TextFormatException refusal(String text) {
    return (TextFormatException)
        org.assertj.core.api.Assertions.catchThrowable(
            () -> TextSnapshots.parse(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void everyTypeComesBackAsTheSameSeries() throws Exception {
    String text =
        """
        # HELP g A gauge.
        # TYPE g gauge
        g{a="1"} 1.5
        g{a="2",b=""} -Inf
        # HELP c_total A counter.
        # TYPE c_total counter
        c_total 7
        # HELP u Untyped.
        u 3
        # HELP s A summary.
        # TYPE s summary
        s{quantile="0.5"} 2
        s{quantile="0.9"} 4
        s_sum 10
        s_count 4
        # HELP h A histogram.
        # TYPE h histogram
        h_bucket{x="y",le="0.5"} 1
        h_bucket{x="y",le="2"} 3
        h_bucket{x="y",le="+Inf"} 4
        h_sum{x="y"} 5.5
        h_count{x="y"} 4
        """;

    assertThat(roundTrip(text))
        .isEqualTo(
            """
            # HELP c_total A counter.
            # TYPE c_total counter
            c_total 7.0
            # HELP g A gauge.
            # TYPE g gauge
            g{a="1"} 1.5
            g{a="2"} -Inf
            # HELP h A histogram.
            # TYPE h histogram
            h_bucket{x="y",le="0.5"} 1
            h_bucket{x="y",le="2.0"} 3
            h_bucket{x="y",le="+Inf"} 4
            h_count{x="y"} 4
            h_sum{x="y"} 5.5
            # HELP s A summary.
            # TYPE s summary
            s{quantile="0.5"} 2.0
            s{quantile="0.9"} 4.0
            s_count 4
            s_sum 10.0
            # HELP u Untyped.
            # TYPE u untyped
            u 3.0
            """);
  }

  @Test
  void whatCannotArriveUnchangedIsRefusedAtItsLine() {
    assertThat(refusal("# TYPE m gauge\nm 1\n"))
        .hasMessageContaining("line 1: 'm': needs a # HELP line");
    assertThat(refusal("# HELP a A.\na 1\nm 1\n"))
        .hasMessageContaining("line 3: 'm': needs a # HELP line");
    assertThat(refusal("# HELP jobs J.\n# TYPE jobs counter\njobs 1\n"))
        .hasMessageContaining("line 1: 'jobs': a counter's name must end in _total");
    assertThat(
            refusal("# HELP c_total C.\n# TYPE c_total counter\nc_total 1\nc_total{a=\"b\"} -1\n"))
        .hasMessageContaining("line 4: '-1.0': a counter's value must be zero or more");
    assertThat(refusal("# HELP gh G.\n# TYPE gh gauge_histogram\ngh 1\n"))
        .hasMessageContaining("line 1: 'gauge_histogram': node_exporter 1.5 crashes");
    assertThat(refusal("# HELP m M.\nm{a=\"1\"} 1\nm{a=\"1\"} 2\n"))
        .hasMessageContaining("line 1: 'm': ");
    assertThat(refusal("# HELP m M.\nm 1 17\n")).hasMessageContaining("line 2");
  }

  @Test
  void histogramsMustAddUp() {
    String head = "# HELP h H.\n# TYPE h histogram\n";
    assertThat(refusal(head + "h_bucket{le=\"1\"} 1\nh_count 1\n"))
        .hasMessageContaining("line 1: 'h': a histogram needs its le=\"+Inf\" bucket, last");
    assertThat(refusal(head + "h_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\n"))
        .hasMessageContaining("buckets must rise in le and never fall in count");
    assertThat(
            refusal(head + "h_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\n"))
        .hasMessageContaining("buckets must rise in le");
    assertThat(refusal(head + "h_bucket{le=\"+Inf\"} 2\nh_count 3\n"))
        .hasMessageContaining("'3': h_count must equal the +Inf bucket (2)");
    assertThat(refusal(head + "h_bucket{le=\"+Inf\"} 2.5\n"))
        .hasMessageContaining("line 3: '2.5': a bucket's count must be a whole number");
    assertThat(refusal(head + "h_bucket{le=\"x\"} 2\n")).hasMessageContaining("line 3: ");
    assertThat(refusal(head + "h_bucket 2\n")).hasMessageContaining("line 3: ");
    assertThat(refusal("# HELP s S.\n# TYPE s summary\ns 2\n")).hasMessageContaining("line 3: ");
    assertThat(refusal("# HELP s S.\n# TYPE s summary\ns_count -1\n"))
        .hasMessageContaining("line 3: '-1.0': a summary's _count must be a whole number");
  }

  @Test
  void infinityIsReadInEveryFormGoReads() throws Exception {
    String head = "# HELP h H.\n# TYPE h histogram\n";
    for (String inf : new String[] {"+Inf", "inf", "+infinity", "Infinity"}) {
      assertThat(roundTrip(head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"" + inf + "\"} 2\n"))
          .contains("h_bucket{le=\"+Inf\"} 2\n");
    }
    assertThat(refusal(head + "h_bucket{le=\"1_0\"} 1\nh_bucket{le=\"+Inf\"} 2\n"))
        .hasMessageContaining("line 3: ");
  }

  @Test
  void zeroesAreValuesLikeAnyOther() throws Exception {
    String text =
        "# HELP c_total C.\n# TYPE c_total counter\nc_total 0\n"
            + "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 0\nh_bucket{le=\"2\"} 0\n"
            + "h_bucket{le=\"+Inf\"} 0\nh_count 0\n"
            + "# HELP s S.\n# TYPE s summary\ns_count 0\ns_sum 0\n";

    assertThat(roundTrip(text))
        .contains("c_total 0.0\n")
        .contains("h_bucket{le=\"2.0\"} 0\n")
        .contains("h_count 0\n")
        .contains("s_count 0\n");
  }

  @Test
  void anEmptyInputIsNoFamilies() throws Exception {
    assertThat(TextSnapshots.parse(new byte[0])).isEmpty();
    assertThatThrownBy(() -> TextSnapshots.parse("m 1".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TextFormatException.class);
  }
}
