package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lib's packages depend one way (README, Layout): each uses only the packages below it, and the API
 * and its SPI each other, as {@code java.nio.file} and {@code java.nio.file.spi} do.
 *
 * <p>A reference counts wherever either view of the main code sees it: the compiled classes'
 * constant pools (every class, descriptor and signature the JVM links, including types only reached
 * through a method's return value) and the sources' imports and fully qualified names (including
 * compile-time constants, which javac copies into the user and so leaves out of its class file).
 */
class LayersTest {

  /** lib's packages from the top down. */
  static final List<Set<String>> LAYERS =
      List.of(
          // The textfile backend implements the SPI; Reporter finds it through ServiceLoader.
          Set.of("dev.promjob.textfile"),
          // The API, the report model and the backend SPI: the one pair allowed to be a cycle.
          Set.of("dev.promjob", "dev.promjob.spi"),
          Set.of("dev.promjob.textformat"),
          // The rules on names and the wording of refusals, client_java's version, cron, logging.
          Set.of("dev.promjob.internal"));

  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.])dev\\s*\\.\\s*promjob(?:\\s*\\.\\s*[a-z_]\\w*)*\\s*\\.\\s*(?:[A-Z]\\w*|\\*)");
  private static final Pattern IN_CLASS_FILE = Pattern.compile("dev/promjob/[\\w/$]+");

  /** One class of lib naming another of another package. */
  record Ref(String from, String to, String seenIn) {
    String fromPackage() {
      return packageOf(from);
    }

    String toPackage() {
      return packageOf(to);
    }

    @Override
    public String toString() {
      return from + " -> " + to + " (" + seenIn + ")";
    }
  }

  static List<Ref> refs;

  @BeforeAll
  static void readLib() throws IOException, URISyntaxException {
    Path classes =
        Path.of(Reporter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path sources = classes.getParent().getParent().resolve("src/main/java");
    assertThat(sources.resolve("dev/promjob/Reporter.java")).isRegularFile();
    Set<String> lib = new TreeSet<>();
    List<Ref> all = new ArrayList<>();
    all.addAll(fromClassFiles(classes, lib));
    all.addAll(fromSources(sources, lib));
    Map<List<String>, Set<String>> seen = new TreeMap<>(Comparator.comparing(Object::toString));
    for (Ref r : all) {
      if (lib.contains(r.toPackage()) && !r.fromPackage().equals(r.toPackage())) {
        seen.computeIfAbsent(List.of(r.from(), r.to()), k -> new TreeSet<>()).add(r.seenIn());
      }
    }
    refs = new ArrayList<>();
    seen.forEach((k, v) -> refs.add(new Ref(k.get(0), k.get(1), String.join(", ", v))));
  }

  @Test
  void eachPackageUsesOnlyThoseBelowIt() {
    Set<String> placed =
        LAYERS.stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    Set<String> packages = new TreeSet<>();
    refs.forEach(r -> packages.add(r.fromPackage()));
    refs.forEach(r -> packages.add(r.toPackage()));
    assertThat(packages)
        .as("every package of lib has a place in LayersTest.LAYERS (a new one needs one)")
        .isSubsetOf(placed);
    List<Ref> upward =
        refs.stream().filter(r -> layer(r.fromPackage()) > layer(r.toPackage())).toList();
    assertThat(upward)
        .as(
            "lib's packages depend one way, top down: %s; these classes point up%n",
            LAYERS.stream().map(Object::toString).collect(Collectors.joining(" > ")))
        .isEmpty();
  }

  @Test
  void theOnlyCycleIsTheApiAndItsSpi() {
    List<Set<String>> cycles = new ArrayList<>();
    for (Set<String> cycle : stronglyConnected()) {
      if (cycle.size() > 1) {
        cycles.add(cycle);
      }
    }
    assertThat(cycles)
        .as(
            "packages of lib that reach each other (only dev.promjob and its SPI may); the"
                + " references within each cycle (those that point up are named by"
                + " eachPackageUsesOnlyThoseBelowIt):%n%s",
            cycles.stream()
                .filter(c -> !c.equals(Set.of("dev.promjob", "dev.promjob.spi")))
                .map(LayersTest::within)
                .collect(Collectors.joining("\n")))
        .containsExactly(Set.of("dev.promjob", "dev.promjob.spi"));
  }

  private static String within(Set<String> cycle) {
    return cycle
        + ":\n"
        + refs.stream()
            .filter(r -> cycle.contains(r.fromPackage()) && cycle.contains(r.toPackage()))
            .filter(r -> !pairOnly(r))
            .map(r -> "  " + r)
            .collect(Collectors.joining("\n"));
  }

  /** A reference between the API and its SPI: expected, so left out of a cycle's explanation. */
  private static boolean pairOnly(Ref r) {
    Set<String> pair = Set.of("dev.promjob", "dev.promjob.spi");
    return pair.contains(r.fromPackage()) && pair.contains(r.toPackage());
  }

  private static int layer(String pkg) {
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(pkg)) {
        return i;
      }
    }
    throw new AssertionError(pkg + " is in no layer");
  }

  /** The packages that reach each other, found by closing the package graph transitively. */
  private static Set<Set<String>> stronglyConnected() {
    Map<String, Set<String>> reach = new TreeMap<>();
    for (Ref r : refs) {
      reach.computeIfAbsent(r.fromPackage(), k -> new TreeSet<>()).add(r.toPackage());
      reach.computeIfAbsent(r.toPackage(), k -> new TreeSet<>());
    }
    for (String via : reach.keySet()) {
      for (Set<String> targets : reach.values()) {
        if (targets.contains(via)) {
          targets.addAll(reach.get(via));
        }
      }
    }
    Set<Set<String>> components = new java.util.LinkedHashSet<>();
    for (String p : reach.keySet()) {
      Set<String> component = new TreeSet<>();
      component.add(p);
      for (String q : reach.keySet()) {
        if (reach.get(p).contains(q) && reach.get(q).contains(p)) {
          component.add(q);
        }
      }
      components.add(component);
    }
    return components;
  }

  static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /** Every lib class each class file names: its constant pool's class names and descriptors. */
  static List<Ref> fromClassFiles(Path classes, Set<String> lib) throws IOException {
    List<Ref> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = topLevel(classes.relativize(f).toString().replaceAll("\\.class$", ""));
        lib.add(packageOf(name));
        for (String utf8 : utf8Constants(Files.readAllBytes(f))) {
          Matcher m = IN_CLASS_FILE.matcher(utf8);
          while (m.find()) {
            found.add(new Ref(name, topLevel(m.group()), "class file"));
          }
        }
      }
    }
    return found;
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
  static List<String> utf8Constants(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      in.skipNBytes(8); // magic, minor and major version
      int count = in.readUnsignedShort();
      List<String> utf8 = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++; // a long or double takes two entries
          }
          default -> throw new IllegalStateException("constant pool tag " + tag);
        }
      }
      return utf8;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every lib class each source names by import or fully qualified name. */
  static List<Ref> fromSources(Path sources, Set<String> lib) throws IOException {
    List<Ref> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = sources.relativize(f).toString().replaceAll("\\.java$", "").replace('/', '.');
        lib.add(packageOf(name));
        Matcher m = QUALIFIED.matcher(code(Files.readString(f)));
        while (m.find()) {
          found.add(new Ref(name, m.group().replaceAll("\\s", ""), "source"));
        }
      }
    }
    return found;
  }

  /** The source without comments and with every string, text block and char literal emptied. */
  static String code(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int n = src.length();
    int i = 0;
    while (i < n) {
      if (src.startsWith("//", i)) {
        int end = src.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (src.startsWith("\"\"\"", i) || src.charAt(i) == '"' || src.charAt(i) == '\'') {
        String quote = src.startsWith("\"\"\"", i) ? "\"\"\"" : src.substring(i, i + 1);
        int j = i + quote.length();
        while (j < n && !src.startsWith(quote, j)) {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        i = Math.min(n, j + quote.length());
        out.append(quote).append(quote);
      } else {
        out.append(src.charAt(i++));
      }
    }
    return out.toString();
  }

  private static String topLevel(String name) {
    String dotted = name.replace('/', '.');
    int dollar = dotted.indexOf('$');
    return dollar < 0 ? dotted : dotted.substring(0, dollar);
  }
}
