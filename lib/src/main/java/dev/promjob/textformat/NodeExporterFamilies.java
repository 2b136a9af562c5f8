package dev.promjob.textformat;

import dev.promjob.internal.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metric families node_exporter serves itself, by name and type: what a textfile family of the
 * same name (or a {@code _sum}, {@code _count} or {@code _bucket} of one of its summaries or
 * histograms) would collide with. Measured on node_exporter 1.5 with its default collectors: the
 * textfile collector's own {@code node_textfile_*} (a file's is served in place of the
 * collector's), the process's {@code go_}, {@code process_} and {@code promhttp_} (gathered before
 * any collector: a file's never reach Prometheus), and the other collectors' (one of the two is
 * served, which one changing from scrape to scrape). Any other name, {@code node_} ones included,
 * is the file's own: the collector scripts' {@code node_directory_size_bytes} is served intact.
 */
public final class NodeExporterFamilies {
  /** The resource, beside this class, that {@link #builtIn()} reads; its header says how made. */
  public static final String RESOURCE = "node-exporter-1.5-families.txt";

  private static final List<String> SUMMARY_SUFFIXES = List.of("_sum", "_count");
  private static final List<String> HISTOGRAM_SUFFIXES = List.of("_sum", "_count", "_bucket");

  private final Map<String, String> types;

  private NodeExporterFamilies(Map<String, String> types) {
    this.types = types;
  }

  /** The families of a node_exporter, by name, with their TYPE ({@code gauge}, ...). */
  public static NodeExporterFamilies of(Map<String, String> types) {
    return new NodeExporterFamilies(new TreeMap<>(Map.copyOf(types)));
  }

  /** What node_exporter 1.5 serves with its default collectors, from {@link #RESOURCE}. */
  public static NodeExporterFamilies builtIn() {
    return BuiltIn.FAMILIES;
  }

  /**
   * The prefixes of every name of {@link #builtIn()}, and of every name that collides with one (a
   * test keeps them so): a name without one needs no look at the list.
   */
  static final List<String> BUILT_IN_PREFIXES = List.of("node", "go", "process", "promhttp");

  /**
   * {@code builtIn().requireNotServed(name)}, reading the list only for a name that could be in it:
   * promjob's own metrics, in every report, never load it (a few milliseconds of every run).
   */
  public static void requireNotServedByDefault(String name) {
    for (String prefix : BUILT_IN_PREFIXES) {
      if (name.startsWith(prefix)) {
        builtIn().requireNotServed(name);
        return;
      }
    }
  }

  /** The families, by name, with their types, sorted by name. */
  public Map<String, String> types() {
    return types;
  }

  /**
   * The node_exporter family that a textfile family {@code name} of {@code type} collides with: the
   * same name, a name one of the two takes as a summary's or histogram's suffix.
   */
  public Optional<String> collision(String name, String type) {
    Objects.requireNonNull(name, "name");
    if (types.containsKey(name)) {
      return Optional.of(name);
    }
    for (String suffix : suffixes(type)) {
      if (types.containsKey(name + suffix)) {
        return Optional.of(name + suffix);
      }
    }
    for (String suffix : HISTOGRAM_SUFFIXES) {
      if (name.endsWith(suffix)) {
        String owner = name.substring(0, name.length() - suffix.length());
        if (suffixes(types.get(owner)).contains(suffix)) {
          return Optional.of(owner);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@link #collision} for a metric whose type is not known yet (as it is registered): any type,
   * and the {@code _total} or {@code _info} a counter or info metric is written with.
   */
  public Optional<String> collisionOfAnyType(String name) {
    for (String written : List.of(name, name + "_total", name + "_info")) {
      Optional<String> c = collision(written, "histogram");
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  /** What node_exporter 1.5 does with a textfile family that collides with its {@code family}. */
  public static String effect(String family) {
    if (family.startsWith("node_textfile_")) {
      return "the textfile collector's own: node_exporter serves the file's series in place of its"
          + " own, and an alert on it goes blind";
    }
    // What the family is, so that the user knows why the name is taken: the three prefixes are
    // three registrations of node_exporter's own, not one "process" kind.
    String own =
        family.startsWith("go_")
            ? "a Go runtime metric of node_exporter's own process"
            : family.startsWith("process_")
                ? "a metric of node_exporter's own process (its CPU, memory, file descriptors)"
                : family.startsWith("promhttp_")
                    ? "a metric of node_exporter's own HTTP handler for /metrics"
                    : null;
    if (own != null) {
      return own
          + ", gathered before any collector: the file's series of the same labels never reach"
          + " Prometheus (an empty label counts as none), and with another HELP or TYPE the"
          + " file's whole family is dropped";
    }
    return "served by a node_exporter collector too: with another HELP or TYPE node_exporter"
        + " serves one of the two families, and of two series with the same labels one value,"
        + " which one changing from scrape to scrape";
  }

  /** Reads lines of {@code name type}; blank lines and {@code #} comments are skipped. */
  public static NodeExporterFamilies parse(InputStream in) throws IOException {
    Map<String, String> types = new TreeMap<>();
    List<String> bad = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        if (f.length != 2) {
          bad.add(line);
        } else {
          types.put(f[0], f[1]);
        }
      }
    }
    if (!bad.isEmpty()) {
      throw new IOException("'" + bad.get(0) + "': not a line of \"name type\"");
    }
    return new NodeExporterFamilies(types);
  }

  private static List<String> suffixes(String type) {
    if ("summary".equals(type)) {
      return SUMMARY_SUFFIXES;
    }
    return "histogram".equals(type) ? HISTOGRAM_SUFFIXES : List.of();
  }

  /** Loaded on first use: a job that never checks a name never reads it. */
  private static final class BuiltIn {
    static final NodeExporterFamilies FAMILIES = load();

    private static NodeExporterFamilies load() {
      try (InputStream in = NodeExporterFamilies.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from promjob-lib's jar");
        }
        return parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /**
   * Refuses a name node_exporter serves itself (these families): a file's {@code
   * node_textfile_scrape_error} would replace the real one (its alert could never fire), a file's
   * {@code go_goroutines} never arrives, and a name another collector serves too is served from one
   * or the other at random. Other {@code node_} names, as the collector scripts use, are the file's
   * own.
   */
  public void requireNotServed(String name) {
    collisionOfAnyType(name)
        .ifPresent(
            family -> {
              throw Checks.invalid(
                  name,
                  "node_exporter serves "
                      + family
                      + " itself ("
                      + effect(family)
                      + "); choose a name of your own");
            });
  }
}
