package dev.promjob.gateway;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.promjob.Job;
import dev.promjob.testing.Binaries;
import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The real InfluxDB 1.6 (Debian {@code influxdb}) on free loopback ports, its data, meta and WAL in
 * a temp directory: a remote-write receiver at {@code /api/v1/prom/write?db=promjob}, read back
 * with InfluxQL. It stores a series as the measurement {@code __name__}, its labels as tags and the
 * sample in the field {@code value}.
 */
final class InfluxDb implements AutoCloseable {
  static final String DATABASE = "promjob";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ServerProcess server;

  private InfluxDb(ServerProcess server) {
    this.server = server;
  }

  /** Started with the database {@value #DATABASE} created. */
  static InfluxDb start(Path dir, Path logDir) throws IOException {
    Files.createDirectories(dir);
    int rpc; // the backup/restore service's port, 8088 by default: a free one here
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      rpc = s.getLocalPort();
    }
    Path config =
        Files.writeString(
            dir.resolve("influxdb.conf"),
            String.join(
                "\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + rpc + "\"",
                "[meta]",
                "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]",
                "  dir = \"" + dir.resolve("data") + "\"",
                "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[monitor]",
                "  store-enabled = false",
                "[http]",
                "  log-enabled = false",
                "[subscriber]",
                "  enabled = false",
                "[continuous_queries]",
                "  enabled = false",
                "[logging]",
                "  level = \"warn\"",
                ""));
    // env execs influxd, so the PID held is influxd's; the HTTP port is ServerProcess' own.
    ServerProcess s =
        ServerProcess.start(
            "influxdb",
            List.of(
                "env",
                "INFLUXDB_HTTP_BIND_ADDRESS=127.0.0.1:{port}",
                Binaries.find("influxd", "influxdb").toString(),
                "-config",
                config.toString()),
            false,
            logDir);
    s.awaitReady("/query?q=SHOW+DATABASES", body -> body.contains("\"results\""));
    InfluxDb db = new InfluxDb(s);
    db.post("CREATE DATABASE " + DATABASE);
    return db;
  }

  /** InfluxDB 1.x's Prometheus remote-write path: only with {@code ?db=}. */
  String remoteWriteUrl() {
    return server.baseUrl() + "/api/v1/prom/write?db=" + DATABASE;
  }

  /**
   * The last value of each series of {@code job} within an hour before {@code at}, as {@code
   * name{labels}} (labels sorted, without {@code job}), as {@code PromQl.lastValues} gives them.
   */
  Map<String, Double> lastValues(Job job, Instant at) throws IOException {
    long end = at.toEpochMilli();
    String q =
        "SELECT last(\"value\") FROM /.*/ WHERE \"job_name\" = '"
            + job.name().replace("'", "\\'")
            + "' AND time > "
            + (end - Duration.ofHours(1).toMillis())
            + "ms AND time <= "
            + end
            + "ms GROUP BY *";
    JsonObject result = get(q).getAsJsonArray("results").get(0).getAsJsonObject();
    Map<String, Double> out = new TreeMap<>();
    if (!result.has("series")) {
      return out;
    }
    for (JsonElement e : result.getAsJsonArray("series")) {
      JsonObject series = e.getAsJsonObject();
      Map<String, String> labels = new TreeMap<>();
      series
          .getAsJsonObject("tags")
          .entrySet()
          .forEach(t -> labels.put(t.getKey(), t.getValue().getAsString()));
      labels.remove("job");
      labels.remove("__name__"); // InfluxDB keeps it as a tag beside the measurement
      labels.values().removeIf(String::isEmpty); // GROUP BY * names every tag of the measurement
      double last = series.getAsJsonArray("values").get(0).getAsJsonArray().get(1).getAsDouble();
      out.put(
          series.get("name").getAsString()
              + labels.entrySet().stream()
                  .map(l -> l.getKey() + "=\"" + l.getValue() + "\"")
                  .collect(Collectors.joining(",", "{", "}")),
          last);
    }
    return out;
  }

  private JsonObject get(String influxql) throws IOException {
    HttpResponse<String> r =
        server.get("/query?db=" + DATABASE + "&epoch=ms&q=" + encode(influxql));
    return answer(influxql, r);
  }

  /** Statements that change something (CREATE DATABASE) go by POST. */
  private void post(String influxql) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/query?q=" + encode(influxql)))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      answer(influxql, HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static JsonObject answer(String influxql, HttpResponse<String> r) {
    if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
      throw new AssertionError(influxql + " answered " + r.statusCode() + ": " + r.body());
    }
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  String logTail() {
    return server.tail();
  }

  @Override
  public void close() {
    server.close();
  }
}
