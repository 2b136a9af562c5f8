package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query API's vector answer, read strictly. */
class VectorJsonTest {
  @Test
  void readsEachSeriesLabelsWithoutTheNameAndItsValue() throws Exception {
    String body =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"__name__\":\"promjob_last_run_success\",\"job_name\":\"a\\u00fc\\\"\"},"
            + "\"value\":[1733238000.123,\"1\"]},"
            + " {\"metric\":{},\"value\":[1733238000,\"+Inf\"]},"
            + "{\"metric\":{\"x\":\"y\"},\"value\":[1,\"1.796309636945e+09\"]}]}}\n";

    List<VectorJson.Sample> v = VectorJson.parse(body);

    assertThat(v)
        .containsExactly(
            new VectorJson.Sample(Map.of("job_name", "aü\""), 1.0),
            new VectorJson.Sample(Map.of(), Double.POSITIVE_INFINITY),
            new VectorJson.Sample(Map.of("x", "y"), 1.796309636945e9));
  }

  @Test
  void whitespaceIsAllowedWhereJsonAllowsItAndEscapesAreDecoded() throws Exception {
    String body =
        " {\n \"status\" : \"success\" ,\r\n \"data\" : { \"resultType\" : \"vector\" ,"
            + " \"result\" : [ { \"metric\" : { \"a\" : \"\\b\\f\\n\\r\\t\\/\\\\\" } ,"
            + " \"value\" : [ 1 , \"2\" ] } , { \"metric\" : { } , \"value\" : [ 1.5e3 , \"-0\" ] } ] ,"
            + " \"x\" : [ true , false , null , { } , [ ] , -0.5E-1 ] } }\t\n";

    assertThat(VectorJson.parse(body))
        .containsExactly(
            new VectorJson.Sample(Map.of("a", "\b\f\n\r\t/\\"), 2.0),
            new VectorJson.Sample(Map.of(), -0.0));
  }

  @Test
  void anAnswerThatStopsShortIsRefused() {
    assertThatThrownBy(() -> VectorJson.parse("")).hasMessageContaining("ends where a value");
    assertThatThrownBy(() -> VectorJson.parse("{\"a\":\"b")).hasMessageContaining("does not end");
    assertThatThrownBy(() -> VectorJson.parse("{\"a\":\"b\\")).hasMessageContaining("does not end");
    assertThatThrownBy(() -> VectorJson.parse("\"\\u12\"")).hasMessageContaining("four hex");
    assertThatThrownBy(() -> VectorJson.parse("\"\\x\""))
        .hasMessageContaining("'\\x': not a JSON escape");
    assertThatThrownBy(() -> VectorJson.parse("{\"a\" 1}")).hasMessageContaining("':' expected");
    assertThatThrownBy(() -> VectorJson.parse("[1 2]")).hasMessageContaining("']' expected");
    assertThatThrownBy(() -> VectorJson.parse("{\"status\":\"success\",\"data\":null}"))
        .hasMessage("'null': data must be a JSON object");
    assertThatThrownBy(
            () -> VectorJson.parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\"}}"))
        .hasMessage("'(missing)': data.result must be a JSON array");
    assertThatThrownBy(() -> VectorJson.parse("\"\u001f\""))
        .hasMessageContaining("control character");
    assertThat(catchMessage("\" \"")).isNull(); // a space is no control character
  }

  private static String catchMessage(String json) {
    try {
      VectorJson.parse(json);
      return null;
    } catch (VectorJson.NotAVector e) {
      return e.getMessage().contains("control") ? e.getMessage() : null;
    }
  }

  @Test
  void anErrorAnswerIsRefusedWithPrometheusOwnWords() {
    String body =
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\"\"}";

    assertThatThrownBy(() -> VectorJson.parse(body))
        .hasMessage("'bad_data': the query failed: invalid parameter \"query\"");
  }

  @Test
  void anotherResultTypeIsRefused() {
    String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";

    assertThatThrownBy(() -> VectorJson.parse(body))
        .hasMessage("'matrix': the result is not a vector");
  }

  @Test
  void whatIsNotJsonIsRefusedWithWhereItStops() {
    assertThatThrownBy(() -> VectorJson.parse("{\"status\":\"success\",}"))
        .hasMessage("'}': at character 21, a member name must be a string");
    assertThatThrownBy(() -> VectorJson.parse("[1,2] x"))
        .hasMessage("'x': at character 7, text after the JSON value");
    assertThatThrownBy(() -> VectorJson.parse("{\"a\":01}"))
        .hasMessageContaining("not a JSON value");
    assertThatThrownBy(() -> VectorJson.parse("{\"a\":1,\"a\":2}"))
        .hasMessageContaining("'a' is given twice");
    assertThatThrownBy(() -> VectorJson.parse("\"a\tb\""))
        .hasMessageContaining("a control character inside a string");
    assertThatThrownBy(() -> VectorJson.parse("[".repeat(40) + "]".repeat(40)))
        .hasMessageContaining("nested deeper than 32");
    assertThatThrownBy(() -> VectorJson.parse("<html>502 Bad Gateway</html>"))
        .hasMessageContaining("'<html>502 Bad Gatewa': at character 1, not a JSON value");
  }

  @Test
  void aSampleValueMustBeGoFloatText() throws Exception {
    assertThat(VectorJson.number("NaN")).isNaN();
    assertThat(VectorJson.number("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(VectorJson.number("-1.5e-3")).isEqualTo(-0.0015);
    assertThatThrownBy(() -> VectorJson.number("0x10")).hasMessage("'0x10': not a sample value");
    String body =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{},\"value\":[1,2]}]}}";
    assertThatThrownBy(() -> VectorJson.parse(body))
        .hasMessage("'[1.0, 2.0]': a value must be [time, \"number\"]");
  }
}
