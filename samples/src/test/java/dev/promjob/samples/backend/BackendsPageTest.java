package dev.promjob.samples.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/backends.md} shows the spool backend as it is: each code block marked {@code <!--
 * from PATH -->} is an excerpt of that file ({@code // ...} lines stand for what it leaves out), no
 * Java block goes unmarked, and the versions its dependency advice names are the build's. The
 * backend itself uses lib's public API only.
 */
class BackendsPageTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern FROM = Pattern.compile("<!-- from (\\S+) -->");
  private static final Pattern VERSION = Pattern.compile("<version>([^$<]+)</version>");

  /** A fenced block of the page: its language, its lines, and the file it is marked as from. */
  record Block(String language, List<String> lines, String from, int line) {}

  static List<Block> blocks(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    String from = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = FROM.matcher(line.trim());
      if (m.matches()) {
        from = m.group(1);
      } else if (line.stripLeading().startsWith("```")) { // README's are indented in lists
        int start = i;
        List<String> body = new ArrayList<>();
        while (!lines.get(++i).stripLeading().startsWith("```")) {
          body.add(lines.get(i));
        }
        blocks.add(new Block(line.strip().substring(3).trim(), body, from, start + 1));
        from = null;
      } else if (!line.isBlank()) {
        from = null; // a marker belongs to the block right after it
      }
    }
    return blocks;
  }

  /** The parts of {@code excerpt} between {@code // ...} lines, each found in order in the file. */
  static boolean isExcerptOf(List<String> excerpt, String source) {
    List<List<String>> parts = new ArrayList<>(List.of(new ArrayList<>()));
    for (String line : excerpt) {
      if (line.trim().equals("// ...")) {
        parts.add(new ArrayList<>());
      } else {
        parts.get(parts.size() - 1).add(line);
      }
    }
    int at = 0;
    for (List<String> part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      int found = source.indexOf(String.join("\n", part) + "\n", at);
      if (found < 0) {
        return false;
      }
      at = found + 1;
    }
    return true;
  }

  @Test
  void everyMarkedBlockIsAnExcerptOfItsFileAndNoJavaBlockIsUnmarked() throws IOException {
    List<Block> blocks = blocks(ROOT.resolve("docs/backends.md"));
    int checked = 0;
    for (Block b : blocks) {
      if (b.from() == null) {
        assertThat(b.language())
            .as("line %d: a Java block without <!-- from -->", b.line())
            .isNotEqualTo("java");
        continue;
      }
      String source = Files.readString(ROOT.resolve(b.from()), StandardCharsets.UTF_8);
      assertThat(isExcerptOf(b.lines(), source))
          .as(
              "line %d: not an excerpt of %s:%n%s",
              b.line(), b.from(), String.join("\n", b.lines()))
          .isTrue();
      checked++;
    }
    assertThat(checked).as("excerpts checked").isGreaterThanOrEqualTo(8);
  }

  /** How {@code m} is declared, as a page writes it: {@code String location(Job job)}. */
  static Pattern declaration(Method m) {
    StringBuilder params = new StringBuilder();
    for (Class<?> p : m.getParameterTypes()) {
      params
          .append(params.length() == 0 ? "" : ",\\s*")
          .append(p.getSimpleName())
          .append("\\s+\\w+");
    }
    String exceptions =
        m.getExceptionTypes().length == 0
            ? "(?!\\s*throws)"
            : "\\s+throws\\s+"
                + String.join(
                    ",\\s*", Stream.of(m.getExceptionTypes()).map(Class::getSimpleName).toList());
    return Pattern.compile(
        "\\b"
            + m.getReturnType().getSimpleName()
            + "\\s+"
            + m.getName()
            + "\\(\\s*"
            + params
            + "\\s*\\)"
            + exceptions);
  }

  static List<Method> spi() {
    List<Method> all = new ArrayList<>();
    for (Class<?> type : List.of(BackendProvider.class, Backend.class)) {
      all.addAll(
          Stream.of(type.getDeclaredMethods())
              .filter(m -> !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()))
              .toList());
    }
    return all;
  }

  @Test
  void theReadmesShapeOfABackendDeclaresWhatTheSpiRequiresAndNamesTheRest() throws IOException {
    String shape =
        blocks(ROOT.resolve("README.md")).stream()
            .map(b -> String.join("\n", b.lines()))
            .filter(text -> text.contains("implements BackendProvider"))
            .findFirst()
            .orElseThrow();
    for (Method m : spi()) {
      if (m.isDefault()) {
        String call =
            m.getName()
                + "("
                + String.join(
                    ", ", Stream.of(m.getParameterTypes()).map(Class::getSimpleName).toList())
                + ")";
        if (!m.getName().equals("report")) { // report(Report) renders and publishes: leave it
          assertThat(shape).as("README's backend shape names the optional " + call).contains(call);
        }
      } else {
        assertThat(declaration(m).matcher(shape).find())
            .as("README's backend shape declares %s%n%s", m, shape)
            .isTrue();
      }
    }
  }

  @Test
  void thePagesTableDeclaresEveryMethodOfBackend() throws IOException {
    String page = Files.readString(ROOT.resolve("docs/backends.md"), StandardCharsets.UTF_8);
    for (Method m : Backend.class.getDeclaredMethods()) {
      if (!m.isSynthetic()) {
        assertThat(declaration(m).matcher(page).find()).as("the page declares %s", m).isTrue();
      }
    }
  }

  @Test
  void theVersionsTheAdviceNamesAreTheBuilds() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    List<String> versions = new ArrayList<>();
    for (Block b : blocks(ROOT.resolve("docs/backends.md"))) {
      if (b.language().equals("xml")) {
        Matcher m = VERSION.matcher(String.join("\n", b.lines()));
        while (m.find()) {
          versions.add(m.group(1));
        }
      }
    }
    assertThat(versions).isNotEmpty();
    for (String v : versions) {
      assertThat(pom).as("the root pom's version of what the page advises").contains(">" + v + "<");
    }
  }

  @Test
  void anExcerptIsFoundOnlyWhereItsPartsAreInOrder() {
    String source = "a\nb\nc\nd\n";
    assertThat(isExcerptOf(List.of("a", "b"), source)).isTrue();
    assertThat(isExcerptOf(List.of("a", "// ...", "d"), source)).isTrue();
    assertThat(isExcerptOf(List.of("d", "// ...", "a"), source)).isFalse();
    assertThat(isExcerptOf(List.of("a", "c"), source)).isFalse();
    assertThat(isExcerptOf(List.of(" a"), source)).as("indentation counts").isFalse();
  }

  @Test
  void theBackendUsesNoInternalClassOfLib() throws IOException, URISyntaxException {
    Path classes =
        Path.of(SpoolBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/promjob/samples/backend");
    List<String> offenders = new ArrayList<>();
    int n = 0;
    try (Stream<Path> files = Files.list(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        n++;
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (text.contains("dev/promjob/internal/")) {
          offenders.add(f.getFileName().toString());
        }
      }
    }
    assertThat(n).as("classes searched").isGreaterThanOrEqualTo(2);
    assertThat(offenders).isEmpty();
  }
}
