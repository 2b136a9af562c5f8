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

/** Names in the text, at the edge of each character range, and what the errors say. */
class TextFormatNamesTest {
  static Map<String, TextFormat.Family> parse(byte[] text, List<String> labels) throws IOException {
    return TextFormat.parse(
        new ByteArrayInputStream(text),
        (family, sample, names, values, n, value) -> {
          for (int i = 0; i < n; i++) {
            labels.add(names[i] + "=" + values[i]);
          }
        });
  }

  static Map<String, TextFormat.Family> parse(String text, List<String> labels) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), labels);
  }

  @Test
  void metricAndLabelNamesTakeEveryCharacterOfTheirRanges() throws IOException {
    List<String> labels = new ArrayList<>();
    Map<String, TextFormat.Family> f =
        parse("azAZ_:09{azAZ_09=\"v\",z=\"w\",Z=\"x\",_9=\"y\"} 1\n:m 2\n_m 3\nZz 4\n", labels);
    assertThat(f).containsKeys("azAZ_:09", ":m", "_m", "Zz");
    assertThat(labels).containsExactly("azAZ_09=v", "z=w", "Z=x", "_9=y");
  }

  @Test
  void aNameStopsAtTheFirstCharacterOutsideItsRange() {
    for (String bad : new String[] {"`m 1\n", "{m 1\n", "@m 1\n", "[m 1\n", "0m 1\n", "/m 1\n"}) {
      assertThatThrownBy(() -> parse(bad, new ArrayList<>()))
          .as(bad)
          .isInstanceOf(TextFormatException.class);
    }
    for (String bad :
        new String[] {
          "m{`a=\"1\"} 1\n",
          "m{a`=\"1\"} 1\n",
          "m{a{=\"1\"} 1\n",
          "m{:a=\"1\"} 1\n",
          "m{0a=\"1\"} 1\n",
          "m{a:=\"1\"} 1\n"
        }) {
      assertThatThrownBy(() -> parse(bad, new ArrayList<>()))
          .as(bad)
          .isInstanceOf(TextFormatException.class);
    }
  }

  @Test
  void errorsDescribeWhatWasFound() {
    assertThatThrownBy(() -> parse("m{a,} 1\n", new ArrayList<>()))
        .hasMessageContaining("expected '=' after label name, found ','");
    assertThatThrownBy(() -> parse("m{a=1} 1\n", new ArrayList<>()))
        .hasMessageContaining("expected '\"' at start of label value, found '1'");
    assertThatThrownBy(() -> parse("m{a\n", new ArrayList<>()))
        .hasMessageContaining("found end of line");
    assertThatThrownBy(() -> parse(new byte[] {'m', '{', 'a', 0x01, '\n'}, new ArrayList<>()))
        .hasMessageContaining("found byte 0x01");
    assertThatThrownBy(() -> parse(new byte[] {'m', '{', 'a', 0x7f, '\n'}, new ArrayList<>()))
        .hasMessageContaining("found byte 0x7f");
    assertThatThrownBy(() -> parse("m{a~\n", new ArrayList<>())).hasMessageContaining("found '~'");
  }

  @Test
  void labelValuesMustBeUtf8ToTheLastByte() throws IOException {
    List<String> labels = new ArrayList<>();
    parse("m{a=\"\u00e9\u20ac\ud83d\ude00\"} 1\n", labels); // 2-, 3- and 4-byte sequences
    assertThat(labels).containsExactly("a=\u00e9\u20ac\ud83d\ude00");
    byte[][] bad = {
      {(byte) 0x80},
      {(byte) 0xBF},
      {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xFF},
      {(byte) 0xF8, (byte) 0x80, (byte) 0x80, (byte) 0x80}
    };
    for (byte[] b : bad) {
      byte[] text = new byte[b.length + 11];
      byte[] head = "m{a=\"".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(head, 0, text, 0, head.length);
      System.arraycopy(b, 0, text, head.length, b.length);
      byte[] tail = "\"} 1\n".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(tail, 0, text, head.length + b.length, tail.length);
      byte[] exact = java.util.Arrays.copyOf(text, head.length + b.length + tail.length);
      assertThatThrownBy(() -> parse(exact, new ArrayList<>()))
          .isInstanceOf(TextFormatException.class)
          .hasMessageContaining("UTF-8");
      assertThatThrownBy(
              () ->
                  TextFormat.parse(new ByteArrayInputStream(exact), TextFormat.SampleHandler.NONE))
          .isInstanceOf(TextFormatException.class);
    }
  }
}
