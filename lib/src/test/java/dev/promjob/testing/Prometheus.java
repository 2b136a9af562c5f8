package dev.promjob.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The real Prometheus server (Debian 2.42) on a free loopback port, and its query API. */
public final class Prometheus implements AutoCloseable {
  private final ServerProcess server;

  /** One series of an instant query's answer. */
  public record Sample(Map<String, String> labels, double value) {
    public String label(String name) {
      return labels.get(name);
    }
  }

  private Prometheus(ServerProcess server) {
    this.server = server;
  }

  /**
   * Starts Prometheus with {@code config}, keeping its TSDB in {@code dataDir}, with extra {@code
   * flags} such as {@code --web.enable-remote-write-receiver}.
   */
  public static Prometheus start(Path config, Path dataDir, Path logDir, String... flags)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Binaries.prometheus().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir,
                "--web.listen-address=127.0.0.1:{port}"));
    cmd.addAll(List.of(flags));
    ServerProcess s = ServerProcess.start("prometheus", cmd, false, logDir);
    s.awaitReady("/-/ready", body -> true);
    return new Prometheus(s);
  }

  /** An instant query; fails unless Prometheus answers with status success and a vector. */
  public List<Sample> query(String promql) throws IOException {
    return PromQl.query(server, promql, null);
  }

  /**
   * The last value within {@code window} before {@code at} of every series {@code selector}
   * matches, by {@code name{labels}}: what a windowed rule sees.
   */
  public Map<String, Double> lastValues(String selector, String window, Instant at)
      throws IOException {
    return PromQl.lastValues(server, selector, window, at);
  }

  /** The receiver's URL (started with {@code --web.enable-remote-write-receiver}). */
  public String remoteWriteUrl() {
    return server.baseUrl() + "/api/v1/write";
  }

  /**
   * Repeats {@code promql} until its answer satisfies {@code until}, or fails after {@code
   * timeout}.
   */
  public List<Sample> await(String promql, Predicate<List<Sample>> until, Duration timeout)
      throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    List<Sample> last;
    do {
      last = query(promql);
      if (until.test(last)) {
        return last;
      }
      pause();
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(
        "after " + timeout + ", " + promql + " still gives " + last + "\n" + server.tail());
  }

  /**
   * Waits until every rule group has been evaluated after {@code after} (the rules API's {@code
   * lastEvaluation}), so that an empty ALERTS means the rules saw the data, not that they have not
   * run yet.
   */
  public void awaitEvaluationAfter(Instant after, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    String last;
    do {
      HttpResponse<String> r = server.get("/api/v1/rules");
      last = r.body();
      JsonArray groups =
          JsonParser.parseString(r.body())
              .getAsJsonObject()
              .getAsJsonObject("data")
              .getAsJsonArray("groups");
      boolean all = !groups.isEmpty();
      for (JsonElement g : groups) {
        JsonElement at = g.getAsJsonObject().get("lastEvaluation");
        all &= at != null && Instant.parse(at.getAsString()).isAfter(after);
      }
      if (all) {
        return;
      }
      pause();
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(
        "after " + timeout + ", not every rule group was evaluated after " + after + ": " + last);
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public String url() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.close();
  }
}
