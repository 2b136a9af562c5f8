package dev.promjob.cli;

import java.nio.file.Path;

/**
 * One thing {@code promjob lint} found that node_exporter 1.5 would skip, drop, hang on or serve
 * wrongly.
 *
 * @param file the file (or the directory itself)
 * @param line the 1-based line, or 0 when the finding is about the whole file
 * @param kind a stable word for scripts: {@code parse-error}, {@code unreadable}, {@code
 *     not-a-file}, {@code conflict}, {@code duplicate-series}, {@code shadows-node-exporter},
 *     {@code crashes-node-exporter}, {@code leftover-temp}, {@code stale}, {@code directory}
 * @param message what is wrong and what node_exporter does with it
 */
record Finding(Path file, int line, String kind, String message) {

  /**
   * {@code file:line: kind: message}, the way compilers print, for editors and grep: one line, with
   * control characters of a file name (or of the text quoted in the message) escaped.
   */
  String text() {
    return Messages.escaped(file + (line > 0 ? ":" + line : "") + ": " + kind + ": " + message);
  }

  String json() {
    return "{\"file\":"
        + quote(file.toString())
        + ",\"line\":"
        + line
        + ",\"kind\":"
        + quote(kind)
        + ",\"message\":"
        + quote(message)
        + "}";
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
