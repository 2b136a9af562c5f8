package dev.promjob.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in list of node_exporter's own families is what the installed node_exporter serves,
 * made as the list's header says: as nobody, default collectors, a textfile directory holding one
 * empty file. On a difference it writes the list it saw to {@code target/} for a maintainer to
 * review and copy over the resource.
 */
class NodeExporterFamiliesIT {
  @TempDir Path logs;

  @Test
  void theBuiltInListIsWhatTheInstalledNodeExporterServesWithItsDefaultCollectors()
      throws Exception {
    Path dir = NodeExporter.readableTempDirectory("promjob-families");
    Map<String, String> served = new TreeMap<>();
    try {
      Path empty = Files.createFile(dir.resolve("file.prom"));
      Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-r--r--"));
      String text;
      try (NodeExporter node = NodeExporter.start(dir, logs, List.of())) {
        text = node.scrape();
      }
      for (String line : text.split("\n")) {
        if (line.startsWith("# TYPE ")) {
          String[] f = line.split(" ");
          served.put(f[2], f[3]);
        }
      }
    } finally {
      JavaChild.deleteTree(dir);
    }
    Map<String, String> builtIn = NodeExporterFamilies.builtIn().types();
    if (!served.equals(builtIn)) {
      Files.writeString(Path.of("target", NodeExporterFamilies.RESOURCE), listing(served));
    }

    TreeSet<String> missing = new TreeSet<>(served.keySet());
    missing.removeAll(builtIn.keySet());
    TreeSet<String> gone = new TreeSet<>(builtIn.keySet());
    gone.removeAll(served.keySet());
    assertThat(missing).as("served by node_exporter but not in the built-in list").isEmpty();
    assertThat(gone).as("in the built-in list but not served by node_exporter").isEmpty();
    assertThat(served).as("types").isEqualTo(builtIn);
    assertThat(served).containsKeys("node_textfile_mtime_seconds", "go_goroutines", "node_load1");
  }

  /** The resource's own header, then the families seen. */
  private static String listing(Map<String, String> served) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (InputStream in =
        NodeExporterFamilies.class.getResourceAsStream(NodeExporterFamilies.RESOURCE)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#")) {
          sb.append(line).append('\n');
        }
      }
    }
    served.forEach((name, type) -> sb.append(name).append(' ').append(type).append('\n'));
    return sb.toString();
  }
}
