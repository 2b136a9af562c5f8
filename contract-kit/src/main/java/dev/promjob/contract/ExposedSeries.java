package dev.promjob.contract;

import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.textformat.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A job's series as a consumer sees them, in a form two backends can be compared in: {@code
 * name{label="value",...}} (labels sorted, the target's {@code job} and empty labels left out) to
 * the sample's value.
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
    Map<String, Double> out = new TreeMap<>();
    TextFormat.parse(
        in,
        (family, sample, names, values, n, value) -> {
          if (excludedFamilies.contains(family)) {
            return;
          }
          boolean ours = false;
          String[][] kept = new String[n][];
          int k = 0;
          for (int i = 0; i < n; i++) {
            if (names[i].equals(BatchMetrics.JOB_NAME_LABEL) && values[i].equals(job.name())) {
              ours = true;
            }
            if (names[i].equals("job") || values[i].isEmpty()) {
              continue;
            }
            kept[k++] = new String[] {names[i], values[i]};
          }
          if (!ours) {
            return;
          }
          String[][] sorted = Arrays.copyOf(kept, k);
          Arrays.sort(sorted, (a, b) -> a[0].compareTo(b[0]));
          StringBuilder sb = new StringBuilder(sample).append('{');
          for (int i = 0; i < k; i++) {
            sb.append(i == 0 ? "" : ",")
                .append(sorted[i][0])
                .append("=\"")
                .append(sorted[i][1])
                .append('"');
          }
          out.put(sb.append('}').toString(), value);
        });
    return out;
  }
}
