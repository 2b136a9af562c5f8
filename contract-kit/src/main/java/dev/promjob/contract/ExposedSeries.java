package dev.promjob.contract;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.textformat.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A job's series as a consumer sees them, in a form two backends can be compared in: {@code
 * name{label="value",...}} (labels sorted, the target's {@code job} and empty labels left out,
 * bounds as a scrape stores them) to the sample's value.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(backend.fileOf(job))) {
 *   Map<String, Double> seen = ExposedSeries.of(in, job, Set.of());
 * }
 * }</pre>
 */
public final class ExposedSeries {
  private ExposedSeries() {}

  /**
   * Reads text-format series of {@code job} from {@code in}, strictly (as node_exporter reads a
   * textfile): only samples whose {@code job_name} is the job's, without the excluded families
   * (such as a server's own).
   *
   * @throws dev.promjob.textformat.TextFormatException if the text is not what node_exporter reads
   */
  public static Map<String, Double> of(InputStream in, Job job, Set<String> excludedFamilies)
      throws IOException {
    List<String[]> kept = new ArrayList<>(); // family, sample, then name, value, ...
    List<Double> values = new ArrayList<>();
    Map<String, TextFormat.Family> families =
        TextFormat.parse(
            in,
            (family, sample, names, labelValues, n, value) -> {
              if (excludedFamilies.contains(family)) {
                return;
              }
              boolean ours = false;
              String[] row = new String[2 + 2 * n];
              row[0] = family;
              row[1] = sample;
              int k = 2;
              for (int i = 0; i < n; i++) {
                if (names[i].equals(BatchMetrics.JOB_NAME_LABEL)
                    && labelValues[i].equals(job.name())) {
                  ours = true;
                }
                if (names[i].equals("job") || labelValues[i].isEmpty()) {
                  continue;
                }
                row[k++] = names[i];
                row[k++] = labelValues[i];
              }
              if (ours) {
                kept.add(Arrays.copyOf(row, k));
                values.add(value);
              }
            });
    Map<String, Double> out = new TreeMap<>();
    for (int s = 0; s < kept.size(); s++) {
      out.put(key(kept.get(s), families.get(kept.get(s)[0]).type()), values.get(s));
    }
    return out;
  }

  /**
   * {@code sample{a="1",b="2"}}, labels sorted; a histogram's {@code le} and a summary's {@code
   * quantile} as a scrape stores them, since node_exporter and the Pushgateway write them back as
   * Go does ({@code le="1"} for a file's {@code le="1.0"}).
   */
  private static String key(String[] row, String type) {
    TreeMap<String, String> labels = new TreeMap<>();
    for (int i = 2; i < row.length; i += 2) {
      String value = row[i + 1];
      labels.put(row[i], TextFormat.isBound(type, row[i]) ? TextFormat.scrapedBound(value) : value);
    }
    StringBuilder sb = new StringBuilder(row[1]).append('{');
    labels.forEach(
        (name, value) ->
            sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ",")
                .append(name)
                .append("=\"")
                .append(value)
                .append('"'));
    return sb.append('}').toString();
  }
}
