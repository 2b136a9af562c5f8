package dev.promjob.cli;

import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The jobs of one textfile directory (this host), read with node_exporter's strict parser: every
 * {@code *.prom} file, hidden ones too, as node_exporter reads them. Only promjob's standard
 * families count; a file without them is another writer's and is ignored, as is one the parser
 * refuses unless it holds promjob's names (then it is a {@linkplain JobReport#problem problem}:
 * node_exporter skips it whole, so Prometheus sees none of its jobs).
 *
 * <pre>{@code
 * List<JobReport> jobs = TextfileJobs.read(Path.of("/var/lib/prometheus/node-exporter"));
 * }</pre>
 */
final class TextfileJobs {
  private static final byte[] PROMJOB = "promjob_".getBytes(StandardCharsets.US_ASCII);

  private TextfileJobs() {}

  /**
   * @throws IOException naming the directory when it cannot be listed
   */
  static List<JobReport> read(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.prom")) {
      entries.forEach(files::add);
    } catch (IOException e) {
      throw new IOException(
          "cannot list the textfile directory "
              + Messages.quoted(directory.toString())
              + ": "
              + Messages.reason(e),
          e);
    }
    files.sort(null);
    List<JobReport> jobs = new ArrayList<>();
    for (Path file : files) {
      jobs.addAll(readFile(file));
    }
    return jobs;
  }

  /** The jobs of one file; a problem row for a promjob file that cannot be judged. */
  static List<JobReport> readFile(Path file) {
    String name = Messages.escaped(file.getFileName().toString());
    if (!Files.isRegularFile(file)) { // a FIFO would hang the read, as it hangs node_exporter
      return Files.isDirectory(file)
          ? List.of()
          : List.of(JobReport.problem(name, "not a regular file: node_exporter hangs or skips it"));
    }
    byte[] text;
    try {
      text = Files.readAllBytes(file);
    } catch (IOException e) {
      return List.of(JobReport.problem(name, "cannot read it: " + Messages.reason(file, e)));
    }
    Map<Map<String, String>, Map<String, Double>> series = new LinkedHashMap<>();
    try {
      TextFormat.parse(
          new ByteArrayInputStream(text),
          (family, sample, names, values, n, value) -> {
            if (!JobReport.FAMILIES.contains(sample)) {
              return;
            }
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < n; i++) {
              if (!values[i].isEmpty()) { // an empty label is an absent one
                labels.put(names[i], values[i]);
              }
            }
            series.computeIfAbsent(labels, k -> new HashMap<>()).put(sample, value);
          });
    } catch (TextFormatException e) {
      return holdsPromjobNames(text)
          ? List.of(JobReport.problem(name, skipped(e.getMessage())))
          : List.of();
    } catch (IOException e) { // reading bytes in memory: only the parser's own refusals
      throw new IllegalStateException(e);
    }
    List<JobReport> jobs = new ArrayList<>();
    series.forEach((labels, values) -> jobs.add(JobReport.of(labels, values, name, false)));
    return jobs;
  }

  private static String skipped(String why) {
    String skips = "node_exporter skips the whole file";
    return why.endsWith(skips) ? why : why + ": " + skips;
  }

  private static boolean holdsPromjobNames(byte[] text) {
    outer:
    for (int i = 0; i + PROMJOB.length <= text.length; i++) {
      for (int j = 0; j < PROMJOB.length; j++) {
        if (text[i + j] != PROMJOB[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
