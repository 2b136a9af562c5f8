package dev.promjob.cli;

import java.util.Map;

/**
 * Where {@code status} prints: a terminal (colour, the table fitted to its width) or not (plain
 * aligned columns, as scripts and pipes want). Java cannot ask the terminal: the launcher tests
 * {@code [ -t 1 ]} and asks {@code stty size}, and passes both as system properties.
 *
 * <pre>{@code
 * Terminal t = Terminal.of(System.getenv(), System.getProperty(Terminal.TTY), System.getProperty(Terminal.COLUMNS));
 * }</pre>
 *
 * @param columns the width to fit the table to; {@link Integer#MAX_VALUE} when not a terminal
 * @param colour whether to colour: a terminal, {@code NO_COLOR} unset or empty (no-color.org), and
 *     a {@code TERM} other than {@code dumb}
 */
record Terminal(boolean tty, int columns, boolean colour) {
  /** {@code 1} when the launcher found stdout a terminal, {@code 0} when not. */
  static final String TTY = "dev.promjob.cli.tty";

  /** The terminal's width in columns, as {@code stty size} gave it (empty when it could not). */
  static final String COLUMNS = "dev.promjob.cli.columns";

  /** What a terminal is taken to be when its width cannot be learnt. */
  static final int DEFAULT_COLUMNS = 80;

  /** A pipe or a file: no colour, no width. */
  static final Terminal NONE = new Terminal(false, Integer.MAX_VALUE, false);

  /**
   * @param tty the launcher's {@value #TTY}; without the launcher ({@code java -jar}), null: then
   *     {@code System.console()} decides
   * @param columns the launcher's {@value #COLUMNS}, else {@code COLUMNS} from {@code env}
   */
  static Terminal of(Map<String, String> env, String tty, String columns) {
    boolean isTty = tty == null ? System.console() != null : tty.equals("1");
    if (!isTty) {
      return NONE;
    }
    int width = width(columns);
    if (width <= 0) {
      width = width(env.get("COLUMNS"));
    }
    String term = env.getOrDefault("TERM", "");
    String noColour = env.getOrDefault("NO_COLOR", "");
    return new Terminal(
        true,
        width > 0 ? width : DEFAULT_COLUMNS,
        noColour.isEmpty() && !term.isEmpty() && !term.equals("dumb"));
  }

  private static int width(String value) {
    if (value == null || !value.matches("[0-9]{1,5}")) {
      return 0;
    }
    return Integer.parseInt(value);
  }
}
