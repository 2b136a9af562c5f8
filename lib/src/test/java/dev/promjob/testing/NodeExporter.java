package dev.promjob.testing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real node_exporter with only the textfile collector, as an unprivileged user when the tests
 * run as root (as Debian runs it: a 0600 file would be unreadable to it, as in production).
 */
public final class NodeExporter implements AutoCloseable {
  private final ServerProcess server;

  private NodeExporter(ServerProcess server) {
    this.server = server;
  }

  public static NodeExporter start(Path textfileDir, Path logDir) throws IOException {
    return start(
        textfileDir, logDir, List.of("--collector.disable-defaults", "--collector.textfile"));
  }

  /**
   * node_exporter with {@code collectorFlags} (none: its default collectors, Debian's, systemd
   * among them; or such as {@code --collector.disable-defaults --collector.loadavg}) and the
   * textfile collector, if enabled, reading {@code textfileDir}.
   */
  public static NodeExporter start(Path textfileDir, Path logDir, List<String> collectorFlags)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Binaries.nodeExporter().toString());
    cmd.add("--web.listen-address=127.0.0.1:{port}");
    cmd.addAll(collectorFlags);
    cmd.add("--collector.textfile.directory=" + textfileDir);
    ServerProcess s = ServerProcess.start("node_exporter", cmd, true, logDir);
    // The landing page, not /metrics: a scrape reads every textfile, and with 341 000 series it
    // outlasts a readiness probe (the long FuzzIT failed on exactly that). Scrapes bound
    // themselves.
    s.awaitReady("/", body -> body.contains("Node Exporter"));
    return new NodeExporter(s);
  }

  /**
   * A new directory under the temp directory with mode 0755, so that node_exporter, which runs as
   * nobody, can list what the tests (root) write there. Remove it with {@link
   * JavaChild#deleteTree}.
   */
  public static Path readableTempDirectory(String prefix) throws IOException {
    Path dir =
        java.nio.file.Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")), prefix);
    java.nio.file.Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** One scrape of /metrics. */
  public String scrape() throws IOException {
    return scrape(java.time.Duration.ofSeconds(10));
  }

  /** One scrape of /metrics that may take up to {@code timeout}: its time grows with the series. */
  public String scrape(java.time.Duration timeout) throws IOException {
    HttpResponse<String> r = server.get("/metrics", timeout);
    if (r.statusCode() != 200) {
      throw new AssertionError("node_exporter answered " + r.statusCode() + ":\n" + r.body());
    }
    return r.body();
  }

  /** Lines of {@code text} that are samples of {@code metric} (exact name, any labels). */
  public static List<String> samples(String text, String metric) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
        out.add(line);
      }
    }
    return out;
  }

  /** The value of the only sample of {@code metric} whose line contains {@code labelsPart}. */
  public static double value(String text, String metric, String labelsPart) {
    List<String> matching =
        samples(text, metric).stream().filter(l -> l.contains(labelsPart)).toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one " + metric + " with " + labelsPart + ", got " + matching);
    }
    String line = matching.get(0);
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  public String url() {
    return server.baseUrl();
  }

  public String logTail() {
    return server.tail();
  }

  public long pid() {
    return server.pid();
  }

  @Override
  public void close() {
    server.close();
  }
}
