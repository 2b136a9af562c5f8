package dev.promjob.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prometheus' query API, which VictoriaMetrics speaks too. */
public final class PromQl {
  private PromQl() {}

  /** An instant query at {@code at} (now if null); fails unless the answer is a vector. */
  public static List<Prometheus.Sample> query(ServerProcess server, String promql, Instant at)
      throws IOException {
    JsonObject data = data(server, promql, at, "vector");
    List<Prometheus.Sample> samples = new ArrayList<>();
    for (JsonElement e : data.getAsJsonArray("result")) {
      JsonObject m = e.getAsJsonObject();
      // Prometheus sends a sample's value as a string: "NaN" and "+Inf" are values too.
      samples.add(
          new Prometheus.Sample(
              labels(m), Double.parseDouble(m.getAsJsonArray("value").get(1).getAsString())));
    }
    return samples;
  }

  /**
   * The last value in {@code window} before {@code at} of every series {@code selector} matches, by
   * {@code name{labels}}, labels sorted, without {@code job}.
   */
  public static Map<String, Double> lastValues(
      ServerProcess server, String selector, String window, Instant at) throws IOException {
    JsonObject data = data(server, selector + "[" + window + "]", at, "matrix");
    Map<String, Double> out = new TreeMap<>();
    for (JsonElement e : data.getAsJsonArray("result")) {
      JsonObject m = e.getAsJsonObject();
      Map<String, String> labels = labels(m);
      JsonArray values = m.getAsJsonArray("values");
      double last =
          Double.parseDouble(values.get(values.size() - 1).getAsJsonArray().get(1).getAsString());
      String name = labels.remove("__name__");
      labels.remove("job");
      out.put(
          name
              + labels.entrySet().stream()
                  .map(l -> l.getKey() + "=\"" + l.getValue() + "\"")
                  .collect(Collectors.joining(",", "{", "}")),
          last);
    }
    return out;
  }

  private static JsonObject data(ServerProcess server, String promql, Instant at, String type)
      throws IOException {
    String path =
        "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + (at == null ? "" : "&time=" + at.toEpochMilli() / 1000.0);
    HttpResponse<String> r = server.get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("query " + promql + " answered " + r.statusCode() + ": " + r.body());
    }
    JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject();
    JsonObject data = answer.getAsJsonObject("data");
    if (!"success".equals(answer.get("status").getAsString())
        || !type.equals(data.get("resultType").getAsString())) {
      throw new AssertionError("query " + promql + ": " + r.body());
    }
    return data;
  }

  private static Map<String, String> labels(JsonObject m) {
    Map<String, String> labels = new TreeMap<>();
    m.getAsJsonObject("metric")
        .entrySet()
        .forEach(l -> labels.put(l.getKey(), l.getValue().getAsString()));
    return labels;
  }
}
