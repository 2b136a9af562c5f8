package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The check of a file's text as it streams out, which replaced reading the written file back: it
 * finds the families the strict reader finds, passes every byte through, and refuses what the
 * strict reader refuses in every line but the sample lines of rendered text (whose shapes {@code
 * RenderedTextTest} parses in full).
 */
class CheckedTextTest {

  static Map<String, TextFormat.Family> checked(String text, boolean rendered, int chunk)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckedText checked = new CheckedText(out);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    CheckedText.Rendering w =
        o -> {
          for (int i = 0; i < bytes.length; i += chunk) {
            o.write(bytes, i, Math.min(chunk, bytes.length - i));
          }
        };
    if (rendered) {
      checked.rendered(w);
    } else {
      w.writeTo(checked);
    }
    checked.flush();
    assertThat(out.toByteArray()).isEqualTo(bytes); // every byte passes, unchanged
    return checked.families();
  }

  static Map<String, TextFormat.Family> strict(String text) throws IOException {
    return TextFormat.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        TextFormat.SampleHandler.NONE);
  }

  static final String SHAPES =
      "# Written by promjob.\n"
          + "# HELP c_total C.\n# TYPE c_total counter\nc_total{a=\"x y\",job_name=\"j\"} 1.0\n"
          + "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1.0\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
          + "h_count 2\nh_sum 3.5\n"
          + "# HELP s S.\n# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_count 1\ns_sum 1\n"
          + "# HELP e Empty.\n# TYPE e gauge\n"
          + "\n"
          + "untyped_one{x=\"\\\"}\\\\\"} NaN\n"
          + "# HELP g G \\\\ \\n é.\n# TYPE g gauge\ng 1\ng{b=\"2\"} -Inf\n"
          + "# HELP g2_3 Digits.\n# TYPE g2_3 gauge\ng2_3 1\ng2_3{a=\"1\"} 2\nrule:ratio:sum 3\n";

  @Test
  void findsTheFamiliesTheStrictReaderFindsWhateverTheChunks() throws IOException {
    for (int chunk : new int[] {1, 2, 3, 7, 64, 1 << 16}) {
      assertThat(checked(SHAPES, true, chunk)).isEqualTo(strict(SHAPES));
      assertThat(checked(SHAPES, false, chunk)).isEqualTo(strict(SHAPES));
    }
    assertThat(strict(SHAPES).keySet())
        .containsExactly("c_total", "h", "s", "untyped_one", "g", "g2_3", "rule:ratio:sum");
    assertThat(strict(SHAPES).get("g2_3").samples()).isEqualTo(2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckedText oneByOne =
        new CheckedText(out); // write(int), as a writer without a buffer calls it
    oneByOne.rendered(
        o -> {
          for (byte b : SHAPES.getBytes(StandardCharsets.UTF_8)) {
            o.write(b);
          }
        });
    assertThat(oneByOne.families()).isEqualTo(strict(SHAPES));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(SHAPES);
  }

  /** What the strict reader refuses in HELP and TYPE lines is refused in rendered text too. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a second HELP | # HELP g G.\\n# HELP g H.\\ng 1\\n | 2 | second HELP",
        "a second TYPE | # TYPE g gauge\\n# TYPE g counter\\ng 1\\n | 2 | second TYPE",
        "a TYPE after samples | g 1\\n# TYPE g gauge\\n | 2 | TYPE reported after samples",
        "an unknown type | # TYPE g gaugehistogramx\\ng 1\\n | 1 | unknown metric type",
        "a histogram's _count as a family | # HELP h H.\\n# TYPE h histogram\\nh_count 1\\n"
            + "# HELP h_count C.\\n# TYPE h_count gauge\\nh_count 2\\n | 4 | second HELP",
        "an invalid name in a comment | # HELP 9g G.\\ng 1\\n | 1 | invalid metric name",
        "a CRLF TYPE | # TYPE g gauge\\r\\ng 1\\n | 1 | unknown metric type",
        "a line that starts with a blank | g 1\\n {x=\"1\"} 2\\n | 2 | invalid metric name",
        "a name the light path cannot take | g\\t1\\ng-x 1\\n | 2 | expected float",
        "no newline at the end | # HELP g G.\\ng 1 | 2 | the last line must end with",
        "a cut comment | g 1\\n# HELP g | 2 | the last line must end with",
        "a cut name | g 1\\ng | 2 | the last line must end with",
        "a cut sample | g 1\\ng{a=\"1\"} | 2 | the last line must end with",
      })
  void refusesInRenderedTextWhatTheStrictReaderRefusesOutsideSampleLines(
      String what, String text, int line, String message) {
    String t = text.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t");
    assertThatThrownBy(() -> strict(t)).isInstanceOf(TextFormatException.class);
    for (int chunk : new int[] {1, 5, 1 << 16}) {
      assertThatThrownBy(() -> checked(t, true, chunk), what)
          .isInstanceOf(TextFormatException.class)
          .hasMessageContaining("line " + line)
          .hasMessageContaining(message);
    }
  }

  /** Outside rendered text (a start's copy of the previous file) every line gets the full check. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "g{a=\"1\" 2\\n | 1",
        "g 1 1700000000\\n | 1",
        "g{__name__=\"x\"} 1\\n | 1",
        "g{a=\"1\",a=\"2\"} 1\\n | 1",
        "g{a=\"\\q\"} 1\\n | 1",
        "# HELP h H.\\n# TYPE h histogram\\nh_bucket{le=\"x\"} 1\\n | 3",
        "g one\\n | 1",
      })
  void refusesDamagedSampleLinesOutsideRenderedText(String text, int line) {
    String t = text.replace("\\n", "\n");
    assertThatThrownBy(() -> strict(t)).isInstanceOf(TextFormatException.class);
    assertThatThrownBy(() -> checked("# a comment\n" + t, false, 3))
        .isInstanceOf(TextFormatException.class)
        .hasMessageContaining("line " + (line + 1));
  }

  @Test
  void aRenderedSampleLineIsCountedInItsFamilyByItsNameAlone() throws IOException {
    // The light path reads the name only: the rest is client_java's, whose shapes
    // RenderedTextTest parses in full.
    Map<String, TextFormat.Family> f =
        checked(
            "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", true, 4);
    assertThat(f.get("h").samples()).isEqualTo(3);
    assertThat(f.get("h").type()).isEqualTo("histogram");
    assertThat(checked("u 1\nu{a=\"b\"} 2\n", true, 1).get("u"))
        .isEqualTo(new TextFormat.Family("u", "untyped", null, 2));
  }
}
