package dev.promjob.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict reader of what Prometheus' instant query API ({@code /api/v1/query}) answers with a
 * vector: {@code {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},
 * "value":[1733238000.123,"1"]}]}}}. JSON as RFC 8259 has it, nothing more (the command line has no
 * JSON library, and needs no more than this); anything else, an error answer or another result
 * type, is refused with what was found.
 *
 * <pre>{@code
 * List<VectorJson.Sample> v = VectorJson.parse(body);
 * }</pre>
 */
final class VectorJson {
  /** One series of the vector: its labels ({@code __name__} left out) and its value. */
  record Sample(Map<String, String> labels, double value) {}

  /** Why an answer is not a vector: {@code '<what was found>': <rule>}. */
  static final class NotAVector extends Exception {
    private static final long serialVersionUID = 1L;

    NotAVector(String message) {
      super(message);
    }
  }

  private static final int MAX_DEPTH = 32;
  private static final Object NULL = new Object();

  private final String s;
  private int i;

  private VectorJson(String s) {
    this.s = s;
  }

  static List<Sample> parse(String body) throws NotAVector {
    VectorJson p = new VectorJson(body);
    Object root = p.value(0);
    p.blanks();
    if (p.i != body.length()) {
      throw p.error("text after the JSON value");
    }
    Map<String, Object> top = object(root, "the answer");
    if (!"success".equals(top.get("status"))) {
      throw new NotAVector("'" + top.get("errorType") + "': the query failed: " + top.get("error"));
    }
    Map<String, Object> data = object(top.get("data"), "data");
    if (!"vector".equals(data.get("resultType"))) {
      throw new NotAVector("'" + data.get("resultType") + "': the result is not a vector");
    }
    List<Sample> out = new ArrayList<>();
    for (Object o : list(data.get("result"), "data.result")) {
      Map<String, Object> series = object(o, "a result");
      Map<String, String> labels = new TreeMap<>();
      for (Map.Entry<String, Object> e : object(series.get("metric"), "metric").entrySet()) {
        if (!(e.getValue() instanceof String v)) {
          throw new NotAVector("'" + e.getKey() + "': a label value that is not a string");
        }
        if (!e.getKey().equals("__name__")) {
          labels.put(e.getKey(), v);
        }
      }
      List<Object> value = list(series.get("value"), "value");
      if (value.size() != 2 || !(value.get(1) instanceof String v)) {
        throw new NotAVector("'" + value + "': a value must be [time, \"number\"]");
      }
      out.add(new Sample(labels, number(v)));
    }
    return out;
  }

  /** Prometheus' sample values: Go's float text, {@code NaN}, {@code +Inf}, {@code -Inf}. */
  static double number(String v) throws NotAVector {
    switch (v) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!v.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
          throw new NotAVector("'" + v + "': not a sample value");
        }
        return Double.parseDouble(v);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String what) throws NotAVector {
    if (!(o instanceof Map)) {
      throw new NotAVector("'" + shown(o) + "': " + what + " must be a JSON object");
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o, String what) throws NotAVector {
    if (!(o instanceof List)) {
      throw new NotAVector("'" + shown(o) + "': " + what + " must be a JSON array");
    }
    return (List<Object>) o;
  }

  private static String shown(Object o) {
    return o == null ? "(missing)" : o == NULL ? "null" : o.toString();
  }

  private Object value(int depth) throws NotAVector {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    blanks();
    if (i >= s.length()) {
      throw error("the answer ends where a value should be");
    }
    char c = s.charAt(i);
    if (c == '{') {
      i++;
      Map<String, Object> m = new LinkedHashMap<>();
      blanks();
      if (take('}')) {
        return m;
      }
      do {
        blanks();
        if (i >= s.length() || s.charAt(i) != '"') {
          throw error("a member name must be a string");
        }
        String key = string();
        blanks();
        expect(':');
        if (m.put(key, value(depth + 1)) != null) {
          throw error("'" + key + "' is given twice");
        }
        blanks();
      } while (take(','));
      expect('}');
      return m;
    }
    if (c == '[') {
      i++;
      List<Object> l = new ArrayList<>();
      blanks();
      if (take(']')) {
        return l;
      }
      do {
        l.add(value(depth + 1));
        blanks();
      } while (take(','));
      expect(']');
      return l;
    }
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, i)) {
        i += word.length();
        return word.equals("null") ? NULL : Boolean.valueOf(word);
      }
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String n = s.substring(start, i);
    if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
      i = start;
      throw error("not a JSON value");
    }
    return Double.parseDouble(n);
  }

  private String string() throws NotAVector {
    i++; // the opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("a string that does not end");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("a control character inside a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i >= s.length()) {
        throw error("a string that does not end");
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
            throw error("a \\u escape without four hex digits");
          }
          sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw error("'\\" + e + "': not a JSON escape");
      }
    }
  }

  private void blanks() {
    while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private boolean take(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) throws NotAVector {
    if (!take(c)) {
      throw error("'" + c + "' expected");
    }
  }

  private NotAVector error(String rule) {
    int end = Math.min(s.length(), i + 20);
    return new NotAVector(
        "'" + Messages.escaped(s.substring(i, end)) + "': at character " + (i + 1) + ", " + rule);
  }
}
