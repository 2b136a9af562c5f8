package dev.promjob.textformat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a text-format stream, read through a buffer of its own, cut into tokens as {@link
 * TextFormat}'s grammar asks: names, label values with their escapes, values, the rest of a line.
 * The current token is kept as bytes and made a String only when asked, since most are compared or
 * checked, never kept. Knows the line number, for errors.
 */
final class Tokenizer {
  static final int EOF = -1;

  /** Slots of {@link #cached}: 0 for the sample name, then one per label position. */
  static final int CACHED_NAMES = 16;

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private int line;
  private byte[] token = new byte[256];
  private int tokenLength;

  Tokenizer(InputStream in) {
    this.in = in;
  }

  /** Starts the next line (for error messages). */
  void nextLine() {
    line++;
  }

  /** Numbers the line about to be read. */
  void line(int number) {
    line = number;
  }

  /** True when the last read token has no bytes. */
  boolean tokenIsEmpty() {
    return tokenLength == 0;
  }

  int readMetricName(int c) throws IOException {
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

  int readLabelName(int c) throws IOException {
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

  void readLabelValue() throws IOException {
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
  int readUntilWhitespace(int c) throws IOException {
    tokenLength = 0;
    while (c != ' ' && c != '\t' && c != '\n') {
      append(c);
      c = readOrFail();
    }
    return c;
  }

  void readUntilNewline(int c, boolean escapes) throws IOException {
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

  int skipBlanks(int c) throws IOException {
    while (c == ' ' || c == '\t') {
      c = read();
    }
    return c;
  }

  static boolean isMetricNameStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
  }

  static boolean isLabelNameStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  void append(int c) {
    if (tokenLength == token.length) {
      token = Arrays.copyOf(token, token.length * 2);
    }
    token[tokenLength++] = (byte) c;
  }

  private final byte[][] cachedBytes = new byte[CACHED_NAMES][];
  private final String[] cachedStrings = new String[CACHED_NAMES];

  /** The token as a String, the same instance as last time in this slot if the bytes match. */
  String cached(int slot) {
    byte[] prev = cachedBytes[slot];
    if (prev != null && Arrays.equals(prev, 0, prev.length, token, 0, tokenLength)) {
      return cachedStrings[slot];
    }
    cachedBytes[slot] = Arrays.copyOf(token, tokenLength);
    return cachedStrings[slot] = tokenAscii();
  }

  /** Checks the token is valid UTF-8; returns an empty placeholder instead of the text. */
  String checkUtf8() throws TextFormatException {
    for (int i = 0; i < tokenLength; i++) {
      if (token[i] < 0) {
        tokenUtf8Strict();
        break;
      }
    }
    return "";
  }

  String tokenAscii() {
    return new String(token, 0, tokenLength, StandardCharsets.ISO_8859_1);
  }

  String tokenUtf8Lenient() {
    return new String(token, 0, tokenLength, StandardCharsets.UTF_8);
  }

  String tokenUtf8Strict() throws TextFormatException {
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
  boolean isPlainDecimal() {
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

  int digits(int from) {
    int i = from;
    while (i < tokenLength && token[i] >= '0' && token[i] <= '9') {
      i++;
    }
    return i - from;
  }

  static String describe(int c) {
    if (c == '\n') {
      return "end of line";
    }
    return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
  }

  int read() throws IOException {
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
  int readOrFail() throws IOException {
    int c = read();
    if (c == EOF) {
      throw error("unexpected end of input stream (the last line must end with \\n)");
    }
    return c;
  }

  TextFormatException error(String detail) {
    return new TextFormatException(line, detail);
  }
}
