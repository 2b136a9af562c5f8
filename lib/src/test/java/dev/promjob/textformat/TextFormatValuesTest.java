package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sample values at the edges of the plain-decimal fast path (17 integer digits, 20 fraction digits,
 * 2 exponent digits) and of the full Go float grammar: every valid spelling reads as Java reads it,
 * with a handler and without one, and every invalid one is refused either way.
 */
class TextFormatValuesTest {
  static List<Double> values(String token, boolean withHandler) throws IOException {
    List<Double> seen = new ArrayList<>();
    TextFormat.SampleHandler h =
        withHandler
            ? (family, sample, names, values, n, value) -> seen.add(value)
            : TextFormat.SampleHandler.NONE;
    TextFormat.parse(
        new ByteArrayInputStream(
            ("m{a=\"b\"} " + token + "\nm2 " + token + "\n").getBytes(StandardCharsets.UTF_8)),
        h);
    return seen;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "7",
        "-7",
        "12345678901234567",
        "-12345678901234567",
        "123456789012345678",
        "1.5",
        "-1.5",
        "0.12345678901234567890",
        "0.123456789012345678901",
        "1e5",
        "1E5",
        "1e-5",
        "1e+5",
        "1e99",
        "1e100",
        "1e-99",
        "1e-100",
        "-1.5e-7",
        "3.",
        ".5",
        "1.e5",
        "12345678901234567.12345678901234567890e-12",
        "1.7976931348623157e308",
        "4.9e-324"
      })
  void validValuesReadAsJavaReadsThem(String token) throws IOException {
    double expected = Double.parseDouble(token);
    assertThat(values(token, true)).containsExactly(expected, expected);
    values(token, false); // the fast path without a reader accepts it too
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e",
        "1e+",
        "1e-",
        "-",
        "+",
        ".",
        "1.2.3",
        "1ee5",
        "e5",
        "1e5.0",
        "--1",
        "1-",
        "1e5e5",
        "-.",
        "1e123456",
        "1e400",
        "-1e400",
        "0x10",
        "1_0",
        "1,5",
        "١"
      })
  void invalidValuesAreRefusedWithOrWithoutAReader(String token) {
    assertThatThrownBy(() -> values(token, true)).as(token).isInstanceOf(TextFormatException.class);
    assertThatThrownBy(() -> values(token, false))
        .as(token)
        .isInstanceOf(TextFormatException.class);
  }
}
