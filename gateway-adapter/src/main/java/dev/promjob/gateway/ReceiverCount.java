package dev.promjob.gateway;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.spi.Carried;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The consecutive failures a remote-write receiver holds for a job, read by a failed run through
 * the receiver's Prometheus query API ({@code promjob.remote_write.query_url}): remote write itself
 * cannot be read. One instant query, whose answer is one sample without labels or none, so that a
 * few fixed fields of its JSON are all there is to read (main code has no JSON library). A read
 * that fails gives an unknown count: the run then sends none, and the windowed rule keeps seeing
 * the last one sent.
 */
final class ReceiverCount {
  /** The rules' window for remote-written series (the failed-run rule's): 40 days. */
  static final String WINDOW = "40d";

  private static final Pattern SUCCESS = Pattern.compile("\"status\"\\s*:\\s*\"success\"");
  private static final String VECTOR =
      "\"resultType\"\\s*:\\s*\"vector\"\\s*,\\s*\"result\"\\s*:\\s*\\[\\s*";
  private static final Pattern NONE = Pattern.compile(VECTOR + "]");
  private static final Pattern ONE =
      Pattern.compile(
          VECTOR
              + "\\{\\s*\"metric\"\\s*:\\s*\\{\\s*}\\s*,\\s*\"value\"\\s*:\\s*\\[\\s*[-+0-9.eE]+\\s*,"
              + "\\s*\"([^\"\\\\]*)\"\\s*]\\s*}\\s*]");

  private ReceiverCount() {}

  /**
   * The PromQL whose value is the count held: the last count sent in the window, or for a job whose
   * reports had none yet, 1 if its last run failed and 0 if it succeeded; nothing if none is held.
   */
  static String query(Job job) {
    Map<String, String> labels = new TreeMap<>(job.groupingLabels());
    labels.put(TimeSeries.JOB_LABEL, job.name());
    labels.put(BatchMetrics.JOB_NAME_LABEL, job.name());
    StringBuilder selector = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          selector.append(selector.length() > 1 ? "," : "").append(k).append("=\"");
          v.codePoints()
              .forEach(
                  c -> {
                    switch (c) {
                      case '\\' -> selector.append("\\\\");
                      case '"' -> selector.append("\\\"");
                      case '\n' -> selector.append("\\n");
                      default -> selector.appendCodePoint(c);
                    }
                  });
          selector.append('"');
        });
    String sel = selector.append('}') + "[" + WINDOW + "]";
    return "max(last_over_time("
        + BatchMetrics.CONSECUTIVE_FAILURES
        + sel
        + ")) or max(1 - last_over_time("
        + BatchMetrics.LAST_RUN_SUCCESS
        + sel
        + "))";
  }

  /** {@code queryUrl} with the job's query added to its own query, if it has one. */
  static URI uri(URI queryUrl, Job job) {
    String q = "query=" + URLEncoder.encode(query(job), StandardCharsets.UTF_8);
    String s = queryUrl.toString();
    return URI.create(s + (queryUrl.getRawQuery() == null ? "?" : "&") + q);
  }

  /** What a failed run carries on: no last success (the receiver keeps it), the held count. */
  static Carried read(Transport transport, URI queryUrl, Job job, long end) {
    try {
      byte[] answer = transport.sendUntil("GET", uri(queryUrl, job), null, List.of(), end);
      return Carried.of(OptionalDouble.empty(), of(new String(answer, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      System.getLogger("dev.promjob.gateway") // looked up here only: a lookup starts logging
          .log(
              Level.WARNING,
              "job '"
                  + job.name()
                  + "': cannot read the consecutive failures the receiver holds, so this failed"
                  + " run sends none: "
                  + e.getMessage());
      return Carried.of(OptionalDouble.empty(), OptionalLong.empty());
    }
  }

  /**
   * The count in a query API's answer: no sample when the receiver holds nothing (0), else one
   * sample without labels whose value is a whole number.
   *
   * @throws IOException if the answer is not that, or its value is no count
   */
  static OptionalLong of(String answer) throws IOException {
    Matcher m = ONE.matcher(answer);
    boolean success = SUCCESS.matcher(answer).find();
    if (success && NONE.matcher(answer).find()) {
      return OptionalLong.of(0);
    }
    if (!success || !m.find()) {
      throw new IOException(
          "the query API's answer is not one sample or none: "
              + answer.substring(0, Math.min(200, answer.length())));
    }
    String value = m.group(1);
    double d;
    try {
      d = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IOException("'" + value + "': not a count of failures", e);
    }
    if (!(d >= 0 && d <= Long.MAX_VALUE / 2 && d == Math.rint(d))) {
      throw new IOException("'" + value + "': not a count of failures");
    }
    return OptionalLong.of((long) d);
  }
}
