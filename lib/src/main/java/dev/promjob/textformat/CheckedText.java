package dev.promjob.textformat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Text on its way to a file, checked as it streams through, so that the file needs no second read:
 * every line goes through the strict reader ({@link TextFormat}) but the sample lines of text
 * client_java rendered ({@link #rendered}), of which only the name is read, to count the line in
 * its family. At the end it knows the families as node_exporter will read them.
 *
 * <p>What a rendered sample line is not checked for, client_java's writer cannot produce from
 * snapshots: label names and values are escaped and unique, the values are Java doubles; the
 * identity labels merged into each line are checked as they are merged ({@code
 * IdentityLabelsOutputStream}). Comment lines (HELP, TYPE), a line that does not start with a valid
 * name followed by {@code {} or a blank, and any line written outside {@link #rendered} get the full
 * check.
 *
 * <pre>{@code
 * CheckedText text = new CheckedText(out);
 * text.write(header);
 * text.rendered(o -> exposition.writeText(o, carried));
 * Map<String, TextFormat.Family> families = text.families(); // throws if the text is not valid
 * }</pre>
 */
public final class CheckedText extends OutputStream {
  /** Writes text rendered by client_java's writer from snapshots. */
  @FunctionalInterface
  public interface Rendering {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final int START = 0;
  private static final int STRICT = 1; // the line is kept whole and parsed at its end
  private static final int NAME = 2; // the name of a rendered sample line
  private static final int REST = 3; // the rest of a rendered sample line, skipped

  private final OutputStream out;
  private final LineFeed feed = new LineFeed();
  private final TextFormat parser = new TextFormat(feed, TextFormat.SampleHandler.NONE);
  private boolean rendered;
  private int state = START;
  private int lineNumber = 1;
  private byte[] line = new byte[256];
  private int length;
  private byte[] lastName = new byte[0];
  private String lastNameString;

  public CheckedText(OutputStream out) {
    this.out = out;
  }

  /** Lets {@code rendering} write, its sample lines assigned to their families only. */
  public void rendered(Rendering rendering) throws IOException {
    rendered = true;
    try {
      rendering.writeTo(this);
    } finally {
      rendered = false;
    }
  }

  /**
   * The families of the text written, with at least one sample, in order of appearance.
   *
   * @throws TextFormatException if the text is not valid, its last line without newline included
   */
  public Map<String, TextFormat.Family> families() throws IOException {
    if (state != START) {
      if (state == NAME) {
        state = STRICT;
      }
      if (state == STRICT) {
        parse(); // no newline: the reader says so
      }
      throw new TextFormatException(
          lineNumber, "unexpected end of input stream (the last line must end with \\n)");
    }
    return parser.families();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    int end = off + len;
    int i = off;
    while (i < end) {
      switch (state) {
        case START -> state = start(b[i]);
        case NAME -> i = name(b, i, end);
        case REST -> {
          while (i < end && b[i] != '\n') {
            i++;
          }
          if (i < end) {
            i++;
            lineNumber++;
            state = START;
          }
        }
        default -> {
          int from = i;
          while (i < end && b[i] != '\n') {
            i++;
          }
          if (i < end) {
            i++;
          }
          keep(b, from, i - from);
          if (b[i - 1] == '\n') {
            parse();
          }
        }
      }
    }
  }

  private int start(byte first) {
    if (rendered && Tokenizer.isMetricNameStart(first)) {
      length = 0;
      return NAME;
    }
    length = 0;
    return STRICT;
  }

  /** Reads the name of a rendered sample line; a line of another shape gets the full check. */
  private int name(byte[] b, int i, int end) throws IOException {
    int from = i;
    while (i < end && (Tokenizer.isMetricNameStart(b[i]) || b[i] >= '0' && b[i] <= '9')) {
      i++;
    }
    keep(b, from, i - from);
    if (i == end) {
      return i; // the name goes on in the next write
    }
    if (b[i] == '{' || b[i] == ' ') {
      parser.sampleNamed(nameString());
      state = REST;
    } else {
      state = STRICT; // the line so far is kept: the reader sees it whole
    }
    return i;
  }

  private String nameString() {
    if (!Arrays.equals(line, 0, length, lastName, 0, lastName.length)) {
      lastName = Arrays.copyOf(line, length);
      lastNameString = new String(lastName, StandardCharsets.ISO_8859_1);
    }
    return lastNameString;
  }

  private void keep(byte[] b, int from, int n) {
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
    }
    System.arraycopy(b, from, line, length, n);
    length += n;
  }

  private void parse() throws IOException {
    feed.set(line, length);
    parser.lines(lineNumber);
    lineNumber++;
    length = 0;
    state = START;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** One line at a time, for the reader. */
  private static final class LineFeed extends InputStream {
    private byte[] bytes;
    private int pos;
    private int limit;

    void set(byte[] bytes, int limit) {
      this.bytes = bytes;
      this.pos = 0;
      this.limit = limit;
    }

    @Override
    public int read() {
      return pos < limit ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= limit) {
        return -1;
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
