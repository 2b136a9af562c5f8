package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.contract.BackendContract;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * lib's {@code dev.promjob.internal} is lib's alone: no class of this module or of the contract kit
 * refers to it. A reference to a class is its name in the class file's constant pool, so the
 * compiled classes are searched, not the sources (a fully qualified name needs no import).
 */
class NoInternalTest {
  private static final byte[] INTERNAL = "dev/promjob/internal/".getBytes(StandardCharsets.UTF_8);

  @Test
  void neitherThisModuleNorTheContractKitRefersToLibsInternalPackage() throws Exception {
    List<String> offenders = new ArrayList<>();
    int classes = 0;
    for (Class<?> of : List.of(PushgatewayBackend.class, BackendContract.class)) {
      Path where = Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
      classes += scan(where, offenders);
    }
    assertThat(classes).as("classes searched").isGreaterThan(10);
    assertThat(offenders).isEmpty();
  }

  private static int scan(Path classesOrJar, List<String> offenders)
      throws IOException, URISyntaxException {
    if (Files.isDirectory(classesOrJar)) {
      return scanTree(classesOrJar, offenders);
    }
    try (FileSystem jar = FileSystems.newFileSystem(classesOrJar)) {
      return scanTree(jar.getPath("/"), offenders);
    }
  }

  private static int scanTree(Path root, List<String> offenders) throws IOException {
    int n = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        n++;
        if (contains(Files.readAllBytes(p), INTERNAL)) {
          offenders.add(root.relativize(p).toString());
        }
      }
    }
    return n;
  }

  static boolean contains(byte[] haystack, byte[] needle) {
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
