package dev.promjob.textformat;

import java.io.IOException;

/**
 * Input that node_exporter's text parser would reject: it skips the whole file when it sees one.
 *
 * <pre>{@code
 * try {
 *   TextFormat.parse(in, TextFormat.SampleHandler.NONE);
 * } catch (TextFormatException e) {
 *   System.err.println(path + ":" + e.line() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class TextFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int line;

  public TextFormatException(int line, String detail) {
    super("line " + line + ": " + detail);
    this.line = line;
  }

  /** The 1-based line of the first error. */
  public int line() {
    return line;
  }
}
