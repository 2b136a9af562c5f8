package dev.promjob.cli;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A textfile directory that node_exporter (as nobody, under root) serves while a test class runs.
 */
final class ServedDirectory implements AutoCloseable {
  final Path dir;
  final NodeExporter node;

  private ServedDirectory(Path dir, NodeExporter node) {
    this.dir = dir;
    this.node = node;
  }

  static ServedDirectory start(String prefix, Path logs) throws IOException {
    Path dir = NodeExporter.readableTempDirectory(prefix);
    return new ServedDirectory(dir, NodeExporter.start(dir, logs));
  }

  /** {@code promjob SUB --job JOB --textfile-dir <this> REST...}, with {@code stdin} (or none). */
  Launcher.Result promjob(Path work, String stdin, String sub, String job, String... rest)
      throws Exception {
    String[] args = new String[rest.length + 5];
    args[0] = sub;
    args[1] = "--job";
    args[2] = job;
    args[3] = "--textfile-dir";
    args[4] = dir.toString();
    System.arraycopy(rest, 0, args, 5, rest.length);
    return Launcher.run(work, java.util.Map.of(), stdin, args);
  }

  /** The value of {@code metric} for the one series of job {@code job} node_exporter serves. */
  double value(String metric, String job) throws IOException {
    return NodeExporter.value(node.scrape(), metric, "job_name=\"" + job + "\"");
  }

  @Override
  public void close() {
    node.close();
    JavaChild.deleteTree(dir);
  }
}
