package dev.promjob.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A strict, streaming parser of the Prometheus text format 0.0.4 that accepts what node_exporter
 * 1.5's textfile collector accepts and refuses what makes it skip a whole file: timestamps, CR line
 * ends, a byte-order mark, a last line without {@code \n}, a second HELP or TYPE, a TYPE after
 * samples, unknown types, invalid names, escapes or UTF-8.
 *
 * <p>It follows the state machine of {@code expfmt.TextParser} (prometheus/common), including the
 * way {@code _sum}, {@code _count} and {@code _bucket} samples join a summary or histogram family.
 * Families are reported in the order they first appear; those without samples are dropped, as
 * node_exporter drops them.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class TextFormat {

  /** One metric family as node_exporter would see it. */
  public record Family(String name, String type, String help, int samples) {
    /** The HELP text, or null when the family has no HELP line. */
    @Override
    public String help() {
      return help;
    }
  }

  /** Receives each sample as it is parsed. Arrays are reused: copy what you keep. */
  @FunctionalInterface
  public interface SampleHandler {
    SampleHandler NONE = (family, sample, names, values, labelCount, value) -> {};

    void sample(
        String family,
        String sampleName,
        String[] labelNames,
        String[] labelValues,
        int labelCount,
        double value);
  }

  private static final int EOF = -1;

  private final InputStream in;
  private final SampleHandler handler;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private int line;
  private byte[] token = new byte[256];
  private int tokenLength;
  private final Map<String, MutableFamily> families = new LinkedHashMap<>();
  private String[] labelNames = new String[8];
  private String[] labelValues = new String[8];

  private TextFormat(InputStream in, SampleHandler handler) {
    this.in = in;
    this.handler = handler;
  }

  /**
   * Parses the whole stream, calling {@code handler} for every sample.
   *
   * @return the families with at least one sample, by name, in order of appearance
   * @throws TextFormatException at the first thing node_exporter would reject
   */
  public static Map<String, Family> parse(InputStream in, SampleHandler handler)
      throws IOException {
    return new TextFormat(in, handler).run();
  }

  private Map<String, Family> run() throws IOException {
    int c;
    while (true) {
      line++;
      c = skipBlanks(read());
      if (c == EOF) {
        break;
      }
      if (c == '\n') {
        continue;
      }
      if (c == '#') {
        comment();
      } else {
        sample(c);
      }
    }
    Map<String, Family> out = new LinkedHashMap<>();
    for (MutableFamily f : families.values()) {
      if (f.samples > 0) {
        out.put(f.name, new Family(f.name, f.type == null ? "untyped" : f.type, f.help, f.samples));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private void comment() throws IOException {
    int c = skipBlanks(read());
    if (c == '\n') {
      return;
    }
    c = readUntilWhitespace(c);
    if (c == '\n') {
      return;
    }
    String keyword = tokenAscii();
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      while (c != '\n') { // a plain comment
        c = readOrFail();
      }
      return;
    }
    c = skipBlanks(readOrFail());
    c = readMetricName(c);
    if (tokenLength == 0) {
      throw error("invalid metric name in comment");
    }
    if (c == '\n') {
      return;
    }
    if (c != ' ' && c != '\t') {
      throw error("invalid metric name in comment");
    }
    MutableFamily family = familyOf(tokenAscii());
    c = skipBlanks(readOrFail());
    if (c == '\n') {
      return;
    }
    if (keyword.equals("HELP")) {
      if (family.help != null) {
        throw error("second HELP line for metric name \"" + family.name + "\"");
      }
      readUntilNewline(c, true);
      family.help = new String(token, 0, tokenLength, StandardCharsets.UTF_8);
    } else {
      if (family.type != null) {
        throw error(
            "second TYPE line for metric name \""
                + family.name
                + "\", or TYPE reported after samples");
      }
      readUntilNewline(c, false);
      String type = tokenUtf8Lenient().toLowerCase(Locale.ROOT);
      switch (type) {
        case "counter", "gauge", "summary", "untyped", "histogram", "gauge_histogram" ->
            family.type = type;
        default ->
            throw error("unknown metric type \"" + Checks.printable(tokenUtf8Lenient()) + "\"");
      }
    }
  }

  private void sample(int first) throws IOException {
    int c = readMetricName(first);
    if (tokenLength == 0) {
      throw error("invalid metric name");
    }
    // Names repeat on every line: reuse the String of the last line when the bytes are the same.
    String sampleName = cached(0);
    MutableFamily family = sampleName == lastSampleName ? lastFamily : familyOf(sampleName);
    lastSampleName = sampleName;
    lastFamily = family;
    if (family.type == null) {
      family.type = "untyped";
    }
    c = skipBlanks(c);
    int labelCount = 0;
    if (c == '{') {
      while (true) {
        c = skipBlanks(readOrFail());
        if (c == '}') {
          c = skipBlanks(readOrFail());
          break;
        }
        c = readLabelName(c);
        if (tokenLength == 0) {
          throw error("invalid label name for metric \"" + family.name + "\"");
        }
        String name = cached(1 + Math.min(labelCount, CACHED_NAMES - 2));
        if (name.equals("__name__")) {
          throw error("label name \"__name__\" is reserved");
        }
        for (int i = 0; i < labelCount; i++) {
          if (labelNames[i].equals(name)) {
            throw error("duplicate label names for metric \"" + family.name + "\"");
          }
        }
        c = skipBlanks(c);
        if (c != '=') {
          throw error("expected '=' after label name, found " + describe(c));
        }
        c = skipBlanks(readOrFail());
        if (c != '"') {
          throw error("expected '\"' at start of label value, found " + describe(c));
        }
        readLabelValue();
        boolean bound =
            family.type.equals("summary") && name.equals("quantile")
                || family.type.equals("histogram") && name.equals("le");
        // Without a handler nobody reads the value: check it, but make no String of it.
        String value = handler == SampleHandler.NONE && !bound ? checkUtf8() : tokenUtf8Strict();
        if (bound) {
          if (Double.isNaN(parseFloat(value)) && !isNaNToken(value)) {
            throw error(
                "expected float as value for '"
                    + name
                    + "' label, got \""
                    + Checks.printable(value)
                    + "\"");
          }
        }
        if (labelCount == labelNames.length) {
          labelNames = java.util.Arrays.copyOf(labelNames, labelCount * 2);
          labelValues = java.util.Arrays.copyOf(labelValues, labelCount * 2);
        }
        labelNames[labelCount] = name;
        labelValues[labelCount++] = value;
        c = skipBlanks(readOrFail());
        if (c == ',') {
          continue;
        }
        if (c == '}') {
          c = skipBlanks(readOrFail());
          break;
        }
        throw error(
            "unexpected end of label value \"" + Checks.printable(tokenUtf8Lenient()) + "\"");
      }
    }
    c = readUntilWhitespace(c);
    double value;
    if (handler == SampleHandler.NONE && isPlainDecimal()) {
      // Nobody reads the value, and this shape is a float to every parser: skip the String
      // and the conversion (a third of a 100 000-line parse-back).
      value = 0;
    } else {
      String valueToken = tokenAscii();
      value = parseFloat(valueToken);
      if (Double.isNaN(value) && !isNaNToken(valueToken)) {
        throw error("expected float as value, got \"" + Checks.printable(valueToken) + "\"");
      }
    }
    if (c != '\n') {
      // node_exporter refuses any timestamp, so a file with one is never valid here.
      c = skipBlanks(readOrFail());
      readUntilWhitespace(c);
      if (tokenLength == 0) {
        throw error("blank after the value: node_exporter expects a timestamp there");
      }
      throw error(
          "sample has a timestamp (\""
              + Checks.printable(tokenUtf8Lenient())
              + "\"): node_exporter skips the whole file");
    }
    family.samples++;
    handler.sample(family.name, sampleName, labelNames, labelValues, labelCount, value);
  }

  /** expfmt's rule: a name joins an existing summary or histogram family through its suffix. */
  private MutableFamily familyOf(String name) {
    MutableFamily f = families.get(name);
    if (f != null) {
      return f;
    }
    String base = stripSuffix(name, "_sum", "_count");
    if (base != null) {
      f = families.get(base);
      if (f != null && "summary".equals(f.type)) {
        return f;
      }
    }
    base = stripSuffix(name, "_sum", "_count", "_bucket");
    if (base != null) {
      f = families.get(base);
      if (f != null && "histogram".equals(f.type)) {
        return f;
      }
    }
    f = new MutableFamily(name);
    families.put(name, f);
    return f;
  }

  private static String stripSuffix(String name, String... suffixes) {
    for (String s : suffixes) {
      if (name.endsWith(s)) {
        return name.substring(0, name.length() - s.length());
      }
    }
    return null;
  }

  // ---- floats: Go's strconv.ParseFloat as expfmt calls it (no hex, no underscores) ----

  /** Returns NaN for an invalid token; callers tell a real NaN apart with isNaNToken. */
  static double parseFloat(String s) {
    String t = s;
    int i = 0;
    if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
      i = 1;
    }
    String rest = t.substring(i).toLowerCase(Locale.ROOT);
    if (rest.equals("inf") || rest.equals("infinity")) {
      return t.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (rest.equals("nan")) {
      return Double.NaN;
    }
    // digits [. digits] [e [sign] digits], or . digits ...
    int n = rest.length();
    int j = 0;
    int digits = 0;
    while (j < n && isDigit(rest.charAt(j))) {
      j++;
      digits++;
    }
    if (j < n && rest.charAt(j) == '.') {
      j++;
      while (j < n && isDigit(rest.charAt(j))) {
        j++;
        digits++;
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    if (j < n && rest.charAt(j) == 'e') {
      j++;
      if (j < n && (rest.charAt(j) == '+' || rest.charAt(j) == '-')) {
        j++;
      }
      int exp = 0;
      while (j < n && isDigit(rest.charAt(j))) {
        j++;
        exp++;
      }
      if (exp == 0) {
        return Double.NaN;
      }
    }
    if (j != n) {
      return Double.NaN;
    }
    double d = Double.parseDouble(t);
    return Double.isInfinite(d) ? Double.NaN : d; // Go reports out-of-range as an error
  }

  private static boolean isNaNToken(String s) {
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    return t.equalsIgnoreCase("nan");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---- tokens ----

  private int readMetricName(int c) throws IOException {
    tokenLength = 0;
    if (!isMetricNameStart(c)) {
      return c;
    }
    while (isMetricNameStart(c) || c >= '0' && c <= '9') {
      append(c);
      c = readOrFail();
    }
    return c;
  }

  private int readLabelName(int c) throws IOException {
    tokenLength = 0;
    if (!isLabelNameStart(c)) {
      return c;
    }
    while (isLabelNameStart(c) || c >= '0' && c <= '9') {
      append(c);
      c = readOrFail();
    }
    return c;
  }

  private void readLabelValue() throws IOException {
    tokenLength = 0;
    boolean escaped = false;
    while (true) {
      int c = readOrFail();
      if (escaped) {
        switch (c) {
          case '"', '\\' -> append(c);
          case 'n' -> append('\n');
          default -> throw error("invalid escape sequence '\\" + (char) c + "'");
        }
        escaped = false;
        continue;
      }
      switch (c) {
        case '"' -> {
          return;
        }
        case '\n' -> throw error("label value contains unescaped new-line");
        case '\\' -> escaped = true;
        default -> append(c);
      }
    }
  }

  /** Reads until blank, tab or newline; returns that byte. */
  private int readUntilWhitespace(int c) throws IOException {
    tokenLength = 0;
    while (c != ' ' && c != '\t' && c != '\n') {
      append(c);
      c = readOrFail();
    }
    return c;
  }

  private void readUntilNewline(int c, boolean escapes) throws IOException {
    tokenLength = 0;
    boolean escaped = false;
    while (true) {
      if (escapes && escaped) {
        switch (c) {
          case '\\' -> append('\\');
          case 'n' -> append('\n');
          default -> throw error("invalid escape sequence '\\" + (char) c + "'");
        }
        escaped = false;
      } else if (c == '\n') {
        return;
      } else if (escapes && c == '\\') {
        escaped = true;
      } else {
        append(c);
      }
      c = readOrFail();
    }
  }

  private int skipBlanks(int c) throws IOException {
    while (c == ' ' || c == '\t') {
      c = read();
    }
    return c;
  }

  private static boolean isMetricNameStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
  }

  private static boolean isLabelNameStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private void append(int c) {
    if (tokenLength == token.length) {
      token = java.util.Arrays.copyOf(token, token.length * 2);
    }
    token[tokenLength++] = (byte) c;
  }

  private static final int CACHED_NAMES = 16;
  private final byte[][] cachedBytes = new byte[CACHED_NAMES][];
  private final String[] cachedStrings = new String[CACHED_NAMES];
  private String lastSampleName;
  private MutableFamily lastFamily;

  /** The token as a String, the same instance as last time in this slot if the bytes match. */
  private String cached(int slot) {
    byte[] prev = cachedBytes[slot];
    if (prev != null && java.util.Arrays.equals(prev, 0, prev.length, token, 0, tokenLength)) {
      return cachedStrings[slot];
    }
    cachedBytes[slot] = java.util.Arrays.copyOf(token, tokenLength);
    return cachedStrings[slot] = tokenAscii();
  }

  /** Checks the token is valid UTF-8; returns an empty placeholder instead of the text. */
  private String checkUtf8() throws TextFormatException {
    for (int i = 0; i < tokenLength; i++) {
      if (token[i] < 0) {
        tokenUtf8Strict();
        break;
      }
    }
    return "";
  }

  private String tokenAscii() {
    return new String(token, 0, tokenLength, StandardCharsets.ISO_8859_1);
  }

  private String tokenUtf8Lenient() {
    return new String(token, 0, tokenLength, StandardCharsets.UTF_8);
  }

  private String tokenUtf8Strict() throws TextFormatException {
    boolean ascii = true;
    for (int i = 0; i < tokenLength; i++) {
      if (token[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return tokenAscii();
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(token, 0, tokenLength))
          .toString();
    } catch (CharacterCodingException e) {
      throw error("invalid label value: not valid UTF-8");
    }
  }

  /**
   * {@code -?d{1,17}(.d{1,20})?([eE][+-]?d{1,2})?}: how Java and Go print finite doubles, and a
   * shape that can neither overflow nor underflow. Anything else gets the full parse.
   */
  private boolean isPlainDecimal() {
    int i = 0;
    if (i < tokenLength && token[i] == '-') {
      i++;
    }
    int n = digits(i);
    if (n < 1 || n > 17) {
      return false;
    }
    i += n;
    if (i < tokenLength && token[i] == '.') {
      n = digits(++i);
      if (n < 1 || n > 20) {
        return false;
      }
      i += n;
    }
    if (i < tokenLength && (token[i] == 'e' || token[i] == 'E')) {
      i++;
      if (i < tokenLength && (token[i] == '-' || token[i] == '+')) {
        i++;
      }
      n = digits(i);
      if (n < 1 || n > 2) {
        return false;
      }
      i += n;
    }
    return i == tokenLength;
  }

  private int digits(int from) {
    int i = from;
    while (i < tokenLength && token[i] >= '0' && token[i] <= '9') {
      i++;
    }
    return i - from;
  }

  private static String describe(int c) {
    if (c == '\n') {
      return "end of line";
    }
    return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
  }

  // ---- input ----

  private int read() throws IOException {
    if (pos == limit) {
      limit = in.read(buf, 0, buf.length);
      pos = 0;
      if (limit <= 0) {
        limit = 0;
        return EOF;
      }
    }
    // A CR is not refused here: expfmt keeps it inside label values and HELP texts, and CRLF
    // files fail where it does ("unknown metric type \"gauge\r\"").
    return buf[pos++] & 0xff;
  }

  /** A read inside a line: the end of input there means the last line has no newline. */
  private int readOrFail() throws IOException {
    int c = read();
    if (c == EOF) {
      throw error("unexpected end of input stream (the last line must end with \\n)");
    }
    return c;
  }

  private TextFormatException error(String detail) {
    return new TextFormatException(line, detail);
  }

  private static final class MutableFamily {
    final String name;
    String type;
    String help;
    int samples;

    MutableFamily(String name) {
      this.name = name;
    }
  }
}
