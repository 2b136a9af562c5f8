package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promjob.textformat.TextFormat.Family;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextFormatTest {

  static Map<String, Family> parse(String text) throws IOException {
    return TextFormat.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        TextFormat.SampleHandler.NONE);
  }

  static String error(String text) {
    return assertThrows(TextFormatException.class, () -> parse(text)).getMessage();
  }

  @Test
  void readsFamiliesWithHelpTypeAndSamples() throws IOException {
    Map<String, Family> f =
        parse(
            """
            # Written by promjob.
            # HELP a_total Things done.\\nSecond line with \\\\ backslash.
            # TYPE a_total counter
            a_total{x="1",y="with \\"quotes\\" and \\\\ and \\n"} 3
            a_total{x="2",} 4.5e3

            # TYPE lat histogram
            lat_bucket{le="0.5"} 1
            lat_bucket{le="+Inf"} 2
            lat_sum 0.7
            lat_count 2
            # TYPE sz summary
            sz{quantile="0.5"} NaN
            sz_sum +Inf
            sz_count 0
            untyped_one -1
            """);
    assertEquals(List.of("a_total", "lat", "sz", "untyped_one"), new ArrayList<>(f.keySet()));
    assertEquals("Things done.\nSecond line with \\ backslash.", f.get("a_total").help());
    assertEquals("counter", f.get("a_total").type());
    assertEquals(2, f.get("a_total").samples());
    assertEquals(4, f.get("lat").samples());
    assertEquals(3, f.get("sz").samples());
    assertEquals("untyped", f.get("untyped_one").type());
    assertNull(f.get("untyped_one").help());
  }

  @Test
  void passesLabelsAndValuesToTheHandler() throws IOException {
    List<String> seen = new ArrayList<>();
    TextFormat.parse(
        new ByteArrayInputStream("m{b=\"x\\ny\",a=\"ü\"} 2\n".getBytes(StandardCharsets.UTF_8)),
        (family, sample, names, values, n, value) ->
            seen.add(
                family + " " + sample + " " + names[0] + "=" + values[0] + " " + names[1] + "="
                    + values[1] + " " + n + " " + value));
    assertEquals(List.of("m m b=x\ny a=ü 2 2.0"), seen);
  }

  @Test
  void acceptsEmptyInputAndDropsFamiliesWithoutSamples() throws IOException {
    assertTrue(parse("").isEmpty());
    assertTrue(parse("# HELP lonely No samples.\n# TYPE lonely gauge\n").isEmpty());
  }

  @Test
  void rejectsTimestampedSamples() {
    assertThat(error("m 1 1441205977284\n")).contains("timestamp");
  }

  @Test
  void rejectsMissingFinalNewline() {
    assertThat(error("m 1")).contains("unexpected end of input stream");
    assertThat(error("m 1\n# HELP m x")).contains("unexpected end of input stream");
  }

  @Test
  void rejectsCrlf() {
    assertEquals(
        "line 2: unknown metric type \"gauge\\r\"",
        error("# HELP m h\r\n# TYPE m gauge\r\nm 1\r\n"));
    assertThat(error("m 1\r\n")).contains("expected float as value");
  }

  @Test
  void rejectsByteOrderMark() {
    assertEquals("line 1: invalid metric name", error("\uFEFFm 1\n"));
  }

  @Test
  void rejectsSecondHelpAndLateType() {
    assertThat(error("# HELP m a\n# HELP m b\nm 1\n")).contains("second HELP line");
    assertThat(error("m 1\n# TYPE m gauge\n")).contains("TYPE reported after samples");
    assertThat(error("# TYPE m gauge\n# TYPE m gauge\nm 1\n")).contains("second TYPE");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "# TYPE m info\\nm 1\\n | unknown metric type",
        "# TYPE m gauge \\nm 1\\n | unknown metric type",
        "{host=\"x\"} 1\\n | invalid metric name",
        "m{a=\"1\",a=\"2\"} 1\\n | duplicate label names",
        "m{__name__=\"x\"} 1\\n | reserved",
        "m{a=\"\\q\"} 1\\n | invalid escape sequence",
        "m 1 \\n | blank after the value",
        "m 1d\\n | expected float",
        "m 0x1p3\\n | expected float",
        "m 1_000\\n | expected float",
        "m 1e400\\n | expected float",
        "m 1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.5\\n | expected float",
        "m 1e\\n | expected float",
        "m{a=1} 1\\n | expected '\"'",
        "# TYPE h histogram\\nh_bucket{le=\"x\"} 1\\n | 'le' label",
        "m{a=\"1\" b=\"2\"} 1\\n | unexpected end of label value",
      })
  void rejectsWhatNodeExporterRejects(String input, String expected) {
    String text = input.strip().replace("\\n", "\n");
    String message = error(text);
    assertThat(message).contains(expected.strip());
  }

  @Test
  void rejectsInvalidUtf8InLabelValues() {
    byte[] bytes = {'m', '{', 'a', '=', '"', (byte) 0xC3, '"', '}', ' ', '1', '\n'};
    TextFormatException e =
        assertThrows(
            TextFormatException.class,
            () -> TextFormat.parse(new ByteArrayInputStream(bytes), TextFormat.SampleHandler.NONE));
    assertThat(e.getMessage()).contains("UTF-8");
  }

  @Test
  void keepsCarriageReturnsInsideLabelValuesAsExpfmtDoes() throws IOException {
    assertEquals(1, parse("m{a=\"x\ry\"} 1\n").get("m").samples());
  }

  @Test
  void joinsSumAndCountOnlyToSummariesAndHistograms() throws IOException {
    Map<String, Family> f = parse("# TYPE g gauge\ng 1\ng_sum 2\n");
    assertEquals(List.of("g", "g_sum"), new ArrayList<>(f.keySet()));
  }

  @Test
  void acceptsGoFloatSpellings() {
    assertEquals(Double.POSITIVE_INFINITY, GoFloat.parse("+Inf"));
    assertEquals(Double.NEGATIVE_INFINITY, GoFloat.parse("-inf"));
    assertEquals(1.5e-7, GoFloat.parse("1.5E-7"));
    assertEquals(0.5, GoFloat.parse(".5"));
    assertEquals(3.0, GoFloat.parse("3."));
    assertTrue(Double.isNaN(GoFloat.parse("Infinityx")));
  }
}
