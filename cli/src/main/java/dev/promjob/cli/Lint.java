package dev.promjob.cli;

import dev.promjob.textfile.TextfileBackend;
import dev.promjob.textformat.Clashes;
import dev.promjob.textformat.NodeExporterFamilies;
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
  private final SeriesSeen series = new SeriesSeen();
  private final NodeExporterFamilies served;
  private final Opening opening;
  private int files;

  /**
   * @param served the families node_exporter serves itself: its {@linkplain
   *     NodeExporterFamilies#builtIn() defaults}, or what a running one says
   */
  Lint(
      Path directory,
      ReaderAccess reader,
      Optional<Duration> staleAfter,
      Instant now,
      NodeExporterFamilies served) {
    this.directory = directory;
    this.reader = reader;
    this.staleAfter = staleAfter;
    this.now = now;
    this.served = served;
    this.opening = new Opening(reader);
  }

  Lint(Path directory, ReaderAccess reader, Optional<Duration> staleAfter, Instant now) {
    this(directory, reader, staleAfter, now, NodeExporterFamilies.builtIn());
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
              Messages.reason(e)
                  + ": node_exporter serves no textfile and sets node_textfile_scrape_error 1"));
    }
    if (!dir.isDirectory()) {
      return List.of(new Finding(directory, 0, "directory", "is not a directory"));
    }
    findings.addAll(opening.directory(directory, dir));
    List<Path> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      entries.forEach(names::add);
    } catch (IOException e) {
      throw cannot("list", directory, e);
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
    Optional<PosixFileAttributes> opened = opening.file(p, findings);
    if (opened.isEmpty()) {
      return;
    }
    PosixFileAttributes a = opened.get();
    byte[] text;
    try {
      text = Files.readAllBytes(p);
    } catch (IOException e) {
      throw cannot("read", p, e);
    }
    SampleLines lines = new SampleLines(text);
    String file = p.getFileName().toString();
    Map<String, Integer> firstSample = new HashMap<>();
    List<SeriesSeen.Sample> samples = new ArrayList<>();
    Map<String, TextFormat.Family> families;
    try {
      int[] index = {0};
      families =
          TextFormat.parse(
              new ByteArrayInputStream(text),
              (family, sample, labelNames, values, n, value) -> {
                int line = lines.ofSample(index[0]++);
                firstSample.putIfAbsent(family, line);
                samples.add(
                    new SeriesSeen.Sample(
                        family,
                        sample,
                        Arrays.copyOf(labelNames, n),
                        Arrays.copyOf(values, n),
                        line));
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
      served
          .collision(f.name(), f.type())
          .ifPresent(
              own ->
                  add(
                      p,
                      line,
                      "shadows-node-exporter",
                      "family "
                          + f.name()
                          + (own.equals(f.name())
                              ? " is "
                              : " collides with node_exporter's " + own + ", which is ")
                          + NodeExporterFamilies.effect(own)));
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
    findings.addAll(series.add(p, samples, families));
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

  /** What lint itself cannot do (node_exporter's user may): lint cannot judge the directory. */
  private static IOException cannot(String what, Path p, IOException e) {
    return new IOException(
        "lint cannot " + what + " " + Messages.escaped(p.toString()) + ": " + Messages.reason(e),
        e);
  }

  private static byte[] bytes(Path p) {
    return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
  }
}
