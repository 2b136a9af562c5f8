package dev.promjob.cli;

import dev.promjob.textfile.TextfileBackend;
import dev.promjob.textformat.Clashes;
import dev.promjob.textformat.TextFormat;
import dev.promjob.textformat.TextFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a textfile directory as node_exporter 1.5's textfile collector does, and says what it would
 * skip, drop, hang on or serve wrongly. It reads the {@code *.prom} files (hidden ones too, not in
 * subdirectories, following links) in name order, as node_exporter does, so that the file whose
 * series node_exporter keeps in a clash is the one named first.
 */
final class Lint {
  /** A temp file younger than this may be a write in progress, not a leftover. */
  static final Duration TEMP_AGE = Duration.ofMinutes(5);

  /** The names of temp files of the usual writers: promjob, sponge, client libraries, scripts. */
  private static final Pattern TEMP =
      Pattern.compile(
          ".*("
              + Pattern.quote(TextfileBackend.TEMP_SUFFIX)
              + "|\\.prom\\..+|\\.tmp|\\.temp)"
              + "|sponge\\.[A-Za-z0-9]{6}");

  private final Path directory;
  private final ReaderAccess reader;
  private final Optional<Duration> staleAfter;
  private final Instant now;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, Map<String, TextFormat.Family>> earlier = new LinkedHashMap<>();
  private final Map<String, String> series = new HashMap<>(); // key -> "file:line"
  private int files;

  Lint(Path directory, ReaderAccess reader, Optional<Duration> staleAfter, Instant now) {
    this.directory = directory;
    this.reader = reader;
    this.staleAfter = staleAfter;
    this.now = now;
  }

  /** How many {@code .prom} files were looked at by the last {@link #run}. */
  int files() {
    return files;
  }

  List<Finding> run() throws IOException {
    PosixFileAttributes dir;
    try {
      dir = Files.readAttributes(directory, PosixFileAttributes.class);
    } catch (IOException e) {
      return List.of(
          new Finding(
              directory,
              0,
              "directory",
              "cannot be read ("
                  + e
                  + "): node_exporter serves no"
                  + " textfile and sets node_textfile_scrape_error 1"));
    }
    if (!dir.isDirectory()) {
      return List.of(new Finding(directory, 0, "directory", "is not a directory"));
    }
    if (!reader.canList(dir)) {
      findings.add(
          new Finding(
              directory,
              0,
              "directory",
              "user "
                  + reader.user()
                  + " cannot list it (mode "
                  + FileModes.of(dir)
                  + "): node_exporter serves no textfile and sets"
                  + " node_textfile_scrape_error 1"));
    }
    List<Path> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      entries.forEach(names::add);
    }
    // node_exporter's os.ReadDir order: by the bytes of the name.
    names.sort((a, b) -> Arrays.compare(bytes(a), bytes(b)));
    for (Path p : names) {
      String name = p.getFileName().toString();
      if (name.endsWith(".prom")) {
        files++;
        promFile(p);
      } else if (TEMP.matcher(name).matches()) {
        leftover(p);
      }
    }
    return findings;
  }

  private void promFile(Path p) throws IOException {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(p, PosixFileAttributes.class); // followed, as os.Open follows
    } catch (IOException e) {
      add(
          p,
          0,
          "unreadable",
          "cannot be opened ("
              + e.getClass().getSimpleName()
              + ", a broken"
              + " link?): node_exporter skips it and sets node_textfile_scrape_error 1");
      return;
    }
    if (a.isDirectory()) {
      add(p, 0, "not-a-file", "a directory: node_exporter 1.5 reads it as an empty file");
      return;
    }
    if (!a.isRegularFile()) {
      add(
          p,
          0,
          "not-a-file",
          "not a regular file (a FIFO or a device): node_exporter's open"
              + " blocks or reads without end, and every scrape of node_exporter hangs on it");
      return;
    }
    if (!reader.canRead(a)) {
      add(
          p,
          0,
          "unreadable",
          "user "
              + reader.user()
              + " cannot read it (mode "
              + FileModes.of(a)
              + ", owner "
              + a.owner().getName()
              + "): node_exporter skips it and"
              + " sets node_textfile_scrape_error 1");
      return;
    }
    byte[] text = Files.readAllBytes(p);
    SampleLines lines = new SampleLines(text);
    String file = p.getFileName().toString();
    Map<String, Integer> firstSample = new HashMap<>();
    List<String[]> seen = new ArrayList<>(); // key, family, line
    Map<String, TextFormat.Family> families;
    try {
      int[] index = {0};
      families =
          TextFormat.parse(
              new ByteArrayInputStream(text),
              (family, sample, labelNames, values, n, value) -> {
                int line = lines.ofSample(index[0]++);
                firstSample.putIfAbsent(family, line);
                seen.add(
                    new String[] {
                      Clashes.seriesKey(sample, labelNames, values, n), family, "" + line
                    });
              });
    } catch (TextFormatException e) {
      add(
          p,
          e.line(),
          "parse-error",
          e.getMessage()
                  .replaceFirst("^line [0-9]+: ", "")
                  .replace(": node_exporter skips the whole file", "") // said once, below
              + ": node_exporter skips the whole file and sets node_textfile_scrape_error 1");
      return;
    }
    for (TextFormat.Family f : families.values()) {
      int line = lines.ofFamily(f.name(), firstSample.get(f.name()));
      if (f.type().equals("gauge_histogram")) {
        add(
            p,
            line,
            "crashes-node-exporter",
            "family "
                + f.name()
                + " is a gauge_histogram:"
                + " node_exporter 1.5 panics on it and stops serving anything");
      }
      if (f.name().startsWith("node_textfile_")) {
        add(
            p,
            line,
            "shadows-node-exporter",
            "family "
                + f.name()
                + " is the textfile"
                + " collector's own: node_exporter serves this file's in place of its own");
      } else if (f.name().startsWith("node_")) {
        add(
            p,
            line,
            "shadows-node-exporter",
            "family "
                + f.name()
                + " is in node_exporter's"
                + " namespace: where a collector has it too, node_exporter drops one of them");
      }
    }
    for (Map.Entry<String, Map<String, TextFormat.Family>> e : earlier.entrySet()) {
      for (Clashes.Clash c : Clashes.between(families, e.getValue(), e.getKey())) {
        int line = lines.ofFamily(c.family(), firstSample.getOrDefault(c.family(), 0));
        add(
            p,
            line,
            "conflict",
            c.message()
                + ": node_exporter serves "
                + e.getKey()
                + "'s series and drops this file's, with node_textfile_scrape_error 0");
      }
    }
    for (String[] s : seen) {
      String first = series.putIfAbsent(s[0], file + ":" + s[2]);
      if (first != null) {
        add(
            p,
            Integer.parseInt(s[2]),
            "duplicate-series",
            "series "
                + s[0]
                + " is also at "
                + first
                + ": node_exporter serves the first and drops this one, with"
                + " node_textfile_scrape_error 0");
      }
    }
    earlier.put(file, families);
    stale(p, a);
  }

  private void stale(Path p, PosixFileAttributes a) {
    if (staleAfter.isEmpty()) {
      return;
    }
    Duration age = Duration.between(a.lastModifiedTime().toInstant(), now);
    if (age.compareTo(staleAfter.get()) > 0) {
      add(
          p,
          0,
          "stale",
          "not rewritten for "
              + Messages.duration(age.withNanos(0))
              + " (--stale-after "
              + Messages.duration(staleAfter.get())
              + "): node_exporter serves"
              + " its values as if current; its writer may have stopped");
    }
  }

  private void leftover(Path p) throws IOException {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException gone) {
      return; // its writer renamed it meanwhile
    }
    Duration age = Duration.between(a.lastModifiedTime().toInstant(), now);
    if (a.isRegularFile() && age.compareTo(TEMP_AGE) > 0) {
      add(
          p,
          0,
          "leftover-temp",
          "a temp file "
              + Messages.duration(age.withNanos(0))
              + " old, left by a writer that died: node_exporter ignores it; remove it");
    }
  }

  private void add(Path file, int line, String kind, String message) {
    findings.add(new Finding(file, line, kind, message));
  }

  private static byte[] bytes(Path p) {
    return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
  }
}
