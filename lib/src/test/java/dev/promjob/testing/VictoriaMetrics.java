package dev.promjob.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The real VictoriaMetrics (Debian 1.79) on a free loopback port: a remote-write receiver. */
public final class VictoriaMetrics implements AutoCloseable {
  private final ServerProcess server;

  private VictoriaMetrics(ServerProcess server) {
    this.server = server;
  }

  /**
   * Keeps its data in {@code dataDir}; accepts samples of any age (the tests' clocks are fixed).
   */
  public static VictoriaMetrics start(Path dataDir, Path logDir) throws IOException {
    ServerProcess s =
        ServerProcess.start(
            "victoria-metrics",
            List.of(
                Binaries.find("victoria-metrics", "victoria-metrics").toString(),
                "-httpListenAddr=127.0.0.1:{port}",
                "-storageDataPath=" + dataDir,
                "-retentionPeriod=100y"),
            false,
            logDir);
    s.awaitReady("/health", body -> body.startsWith("OK"));
    return new VictoriaMetrics(s);
  }

  /** Prometheus' remote-write path on VictoriaMetrics. */
  public String remoteWriteUrl() {
    return server.baseUrl() + "/api/v1/write";
  }

  /** Makes what was written searchable now (it buffers new samples for about a second). */
  public void flush() throws IOException {
    int status = server.get("/internal/force_flush").statusCode();
    if (status != 200) {
      throw new AssertionError("force_flush answered " + status);
    }
  }

  /** See {@link PromQl#lastValues}; flushes first. */
  public Map<String, Double> lastValues(String selector, String window, Instant at)
      throws IOException {
    flush();
    return PromQl.lastValues(server, selector, window, at);
  }

  /** See {@link PromQl#query}; flushes first. */
  public List<Prometheus.Sample> query(String promql, Instant at) throws IOException {
    flush();
    return PromQl.query(server, promql, at);
  }

  public String logTail() {
    return server.tail();
  }

  @Override
  public void close() {
    server.close();
  }
}
