package dev.promjob.textformat;

import dev.promjob.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
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
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(Path.of("/var/lib/node-exporter/backup.prom"))) {
 *   Map<String, TextFormat.Family> families = TextFormat.parse(in, TextFormat.SampleHandler.NONE);
 * }
 * }</pre>
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
    /** Keeps no sample: a class ({@link NoSamples}), not a lambda, which costs a cold JVM ~1 ms. */
    SampleHandler NONE = new NoSamples();

    void sample(
        String family,
        String sampleName,
        String[] labelNames,
        String[] labelValues,
        int labelCount,
        double value);
  }

  /**
   * What a scrape of node_exporter or the Pushgateway stores for a float that the text gives as
   * {@code token} in a histogram's {@code le} or a summary's {@code quantile} label: both re-read
   * the text and write the bound back as Go does, so client_java's {@code le="1.0"} is stored as
   * {@code le="1"}, {@code 1.0E-5} as {@code 1e-05}. A token that is no float is returned as it is.
   */
  public static String scrapedBound(String token) {
    double v = GoFloat.parse(token);
    return Double.isNaN(v) && !GoFloat.isNaNToken(token) ? token : GoFloat.format(v);
  }

  /**
   * Whether a {@code family} of {@code type} re-writes label {@code name} as {@link #scrapedBound}.
   */
  public static boolean isBound(String type, String name) {
    return type.equals("summary") && name.equals("quantile")
        || type.equals("histogram") && name.equals("le");
  }

  private final Tokenizer t;
  private final SampleHandler handler;
  private final Families families = new Families();
  private String lastSampleName;
  private Families.Family lastFamily;
  private String[] labelNames = new String[8];
  private String[] labelValues = new String[8];

  TextFormat(InputStream in, SampleHandler handler) {
    this.t = new Tokenizer(in);
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
    lines(1);
    return families();
  }

  /**
   * Parses what the stream holds until its end, its first line numbered {@code first}: a stream fed
   * a line at a time ({@link CheckedText}) is parsed again for each, the families kept.
   */
  void lines(int first) throws IOException {
    t.line(first);
    while (true) {
      int c = t.skipBlanks(t.read());
      if (c == Tokenizer.EOF) {
        return;
      }
      if (c == '#') {
        comment();
      } else if (c != '\n') {
        sample(c);
      }
      t.nextLine();
    }
  }

  /** The families with at least one sample so far, by name, in order of appearance. */
  Map<String, Family> families() {
    return families.withSamples();
  }

  /** A sample line of which only the name was read: counted in its family, as {@link #sample}. */
  void sampleNamed(String sampleName) {
    Families.Family family = sampleName == lastSampleName ? lastFamily : families.of(sampleName);
    lastSampleName = sampleName;
    lastFamily = family;
    if (family.type == null) {
      family.type = "untyped";
    }
    family.samples++;
  }

  private void comment() throws IOException {
    int c = t.skipBlanks(t.read());
    if (c == '\n') {
      return;
    }
    c = t.readUntilWhitespace(c);
    if (c == '\n') {
      return;
    }
    String keyword = t.tokenAscii();
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      while (c != '\n') { // a plain comment
        c = t.readOrFail();
      }
      return;
    }
    c = t.skipBlanks(t.readOrFail());
    c = t.readMetricName(c);
    if (t.tokenIsEmpty()) {
      throw t.error("invalid metric name in comment");
    }
    if (c == '\n') {
      return;
    }
    if (c != ' ' && c != '\t') {
      throw t.error("invalid metric name in comment");
    }
    Families.Family family = families.of(t.tokenAscii());
    c = t.skipBlanks(t.readOrFail());
    if (c == '\n') {
      return;
    }
    if (keyword.equals("HELP")) {
      if (family.help != null) {
        throw t.error("second HELP line for metric name \"" + family.name + "\"");
      }
      t.readUntilNewline(c, true);
      family.help = t.tokenUtf8Lenient();
    } else {
      if (family.type != null) {
        throw t.error(
            "second TYPE line for metric name \""
                + family.name
                + "\", or TYPE reported after samples");
      }
      t.readUntilNewline(c, false);
      String type = t.tokenUtf8Lenient().toLowerCase(Locale.ROOT);
      switch (type) {
        case "counter", "gauge", "summary", "untyped", "histogram", "gauge_histogram" ->
            family.type = type;
        default ->
            throw t.error("unknown metric type \"" + Checks.printable(t.tokenUtf8Lenient()) + "\"");
      }
    }
  }

  private void sample(int first) throws IOException {
    int c = t.readMetricName(first);
    if (t.tokenIsEmpty()) {
      throw t.error("invalid metric name");
    }
    // Names repeat on every line: reuse the String of the last line when the bytes are the same.
    String sampleName = t.cached(0);
    Families.Family family = sampleName == lastSampleName ? lastFamily : families.of(sampleName);
    lastSampleName = sampleName;
    lastFamily = family;
    if (family.type == null) {
      family.type = "untyped";
    }
    c = t.skipBlanks(c);
    int labelCount = 0;
    if (c == '{') {
      c = t.skipBlanks(t.readOrFail());
      while (c != '}') {
        c = label(c, family, labelCount++);
        if (c == ',') {
          c = t.skipBlanks(t.readOrFail());
        } else if (c != '}') {
          throw t.error(
              "unexpected end of label value \"" + Checks.printable(t.tokenUtf8Lenient()) + "\"");
        }
      }
      c = t.skipBlanks(t.readOrFail());
    }
    c = t.readUntilWhitespace(c);
    double value;
    if (handler == SampleHandler.NONE && t.isPlainDecimal()) {
      // Nobody reads the value, and this shape is a float to every parser: skip the String
      // and the conversion (a third of a 100 000-line parse-back).
      value = 0;
    } else {
      String valueToken = t.tokenAscii();
      value = GoFloat.parse(valueToken);
      if (Double.isNaN(value) && !GoFloat.isNaNToken(valueToken)) {
        throw t.error("expected float as value, got \"" + Checks.printable(valueToken) + "\"");
      }
    }
    if (c != '\n') {
      throw timestamp(c);
    }
    family.samples++;
    handler.sample(family.name, sampleName, labelNames, labelValues, labelCount, value);
  }

  // The label loop and the error paths are methods of their own: sample() runs once a line and
  // stays small enough for the JIT to inline the tokenizer's calls into it and into these.

  /** Reads one {@code name="value"} into slot {@code index}; returns the next non-blank byte. */
  private int label(int c, Families.Family family, int index) throws IOException {
    c = t.readLabelName(c);
    if (t.tokenIsEmpty()) {
      throw t.error("invalid label name for metric \"" + family.name + "\"");
    }
    String name = t.cached(1 + Math.min(index, Tokenizer.CACHED_NAMES - 2));
    if (name.equals("__name__")) {
      throw t.error("label name \"__name__\" is reserved");
    }
    for (int i = 0; i < index; i++) {
      if (labelNames[i].equals(name)) {
        throw t.error("duplicate label names for metric \"" + family.name + "\"");
      }
    }
    c = t.skipBlanks(c);
    if (c != '=') {
      throw t.error("expected '=' after label name, found " + Tokenizer.describe(c));
    }
    c = t.skipBlanks(t.readOrFail());
    if (c != '"') {
      throw t.error("expected '\"' at start of label value, found " + Tokenizer.describe(c));
    }
    t.readLabelValue();
    boolean bound = isBound(family.type, name);
    // Without a handler nobody reads the value: check it, but make no String of it.
    String value = handler == SampleHandler.NONE && !bound ? t.checkUtf8() : t.tokenUtf8Strict();
    if (bound && Double.isNaN(GoFloat.parse(value)) && !GoFloat.isNaNToken(value)) {
      throw t.error(
          "expected float as value for '"
              + name
              + "' label, got \""
              + Checks.printable(value)
              + "\"");
    }
    if (index == labelNames.length) {
      labelNames = java.util.Arrays.copyOf(labelNames, index * 2);
      labelValues = java.util.Arrays.copyOf(labelValues, index * 2);
    }
    labelNames[index] = name;
    labelValues[index] = value;
    return t.skipBlanks(t.readOrFail());
  }

  /** What follows the value on a line: node_exporter refuses any timestamp. */
  private TextFormatException timestamp(int c) throws IOException {
    c = t.skipBlanks(t.readOrFail());
    t.readUntilWhitespace(c);
    if (t.tokenIsEmpty()) {
      return t.error("blank after the value: node_exporter expects a timestamp there");
    }
    return t.error(
        "sample has a timestamp (\""
            + Checks.printable(t.tokenUtf8Lenient())
            + "\"): node_exporter skips the whole file");
  }
}
