package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shapes of text the grammar must take: many labels, bare comments, histogram and summary parts.
 */
class TextFormatShapesTest {
  static Map<String, TextFormat.Family> parse(String text, List<String> seen) throws IOException {
    return TextFormat.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        (family, sample, names, values, n, value) ->
            seen.add(family + " " + sample + " " + n + " " + value));
  }

  @Test
  void aSampleWithManyLabelsKeepsThemAll() throws IOException {
    StringBuilder sb = new StringBuilder("wide{");
    for (int i = 0; i < 40; i++) {
      sb.append(i == 0 ? "" : ",").append("l").append(i).append("=\"v").append(i).append('"');
    }
    sb.append("} 3\n");
    List<String> seen = new ArrayList<>();
    parse(sb.toString(), seen);
    assertThat(seen).containsExactly("wide wide 40 3.0");
  }

  @Test
  void commentsThatAreNotHelpOrTypeAreSkippedAndBrokenOnesRefused() throws IOException {
    List<String> seen = new ArrayList<>();
    parse("#\n# just words\n#HELP not_help x\n# HELP m\n# TYPE m gauge\nm 1\n", seen);
    assertThat(seen).containsExactly("m m 0 1.0");
    assertThatThrownBy(() -> parse("# HELP m{x} help\n", new ArrayList<>()))
        .hasMessageContaining("invalid metric name in comment");
    assertThatThrownBy(() -> parse("# HELP 0m help\n", new ArrayList<>()))
        .hasMessageContaining("invalid metric name in comment");
  }

  @Test
  void histogramAndSummaryPartsJoinTheirFamily() throws IOException {
    List<String> seen = new ArrayList<>();
    Map<String, TextFormat.Family> f =
        parse(
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
                + "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 4\ns_count 5\n"
                + "# TYPE c counter\nc_total 6\n",
            seen);
    // In 0.0.4 only histograms and summaries own suffixes: c_total is a family of its own, and c,
    // with no samples, is dropped (as expfmt does).
    assertThat(f.keySet()).containsExactly("h", "s", "c_total");
    assertThat(f.get("h").samples()).isEqualTo(4);
    assertThat(f.get("s").samples()).isEqualTo(3);
    assertThat(seen)
        .contains("h h_bucket 1 1.0", "h h_sum 0 3.0", "s s_count 0 5.0", "c_total c_total 0 6.0");
    assertThatThrownBy(() -> parse("# TYPE s summary\ns{quantile=\"x\"} 1\n", new ArrayList<>()))
        .hasMessageContaining("expected float as value for 'quantile' label, got \"x\"");
    List<String> nan = new ArrayList<>();
    parse("# TYPE s summary\ns{quantile=\"NaN\"} 1\n", nan);
    assertThat(nan).hasSize(1);
  }
}
