package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The starter is a thin client of lib's public API, and its packages point one way: the core
 * ({@code dev.promjob.spring}: configuration, the reporter bean, failure analysis) knows no
 * integration, and each integration ({@code .batch}, {@code .scheduling}) knows the core only, so
 * one can be left out or changed without the other. A reference to a class is its name in the class
 * file's constant pool, so the compiled classes are searched, not the sources.
 */
class StarterLayersTest {
  private static final String ROOT = "dev/promjob/spring/";

  @Test
  void noClassRefersToLibsInternalPackage() throws IOException {
    assertThat(offenders(classes(), "dev/promjob/internal/")).isEmpty();
  }

  @Test
  void theCoreKnowsNoIntegration() throws IOException {
    List<Path> core = new ArrayList<>();
    for (Path p : classes()) {
      if (!relative(p).substring(ROOT.length()).contains("/")) {
        core.add(p);
      }
    }
    assertThat(core).as("core classes").isNotEmpty();
    assertThat(offenders(core, ROOT + "batch/")).isEmpty();
    assertThat(offenders(core, ROOT + "scheduling/")).isEmpty();
  }

  @Test
  void integrationsKnowEachOtherNot() throws IOException {
    List<Path> batch = inPackage("batch/");
    List<Path> scheduling = inPackage("scheduling/");
    assertThat(offenders(batch, ROOT + "scheduling/")).isEmpty();
    assertThat(offenders(scheduling, ROOT + "batch/")).isEmpty();
  }

  private static List<Path> inPackage(String sub) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : classes()) {
      if (relative(p).startsWith(ROOT + sub)) {
        out.add(p);
      }
    }
    return out;
  }

  private static Path root() {
    try {
      return Path.of(
          PromjobAutoConfiguration.class
              .getProtectionDomain()
              .getCodeSource()
              .getLocation()
              .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String relative(Path p) {
    return root().relativize(p).toString().replace('\\', '/');
  }

  private static List<Path> classes() throws IOException {
    try (Stream<Path> files = Files.walk(root())) {
      List<Path> out = files.filter(f -> f.toString().endsWith(".class")).toList();
      assertThat(out).as("classes searched").isNotEmpty();
      return out;
    }
  }

  private static List<String> offenders(List<Path> classes, String forbidden) throws IOException {
    byte[] needle = forbidden.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (Path p : classes) {
      if (contains(Files.readAllBytes(p), needle)) {
        out.add(relative(p) + " refers to " + forbidden);
      }
    }
    return out;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
