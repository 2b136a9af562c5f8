package dev.promjob.cli;

import dev.promjob.textformat.NodeExporterFamilies;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running node_exporter serves itself, asked over HTTP ({@code lint --node-exporter URL}):
 * every family of a scrape restricted ({@code collect[]}) to its collectors but the textfile one,
 * so that the files' own families are not counted as node_exporter's, and the textfile collector's
 * two.
 */
final class NodeExporterScrape {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern COLLECTOR =
      Pattern.compile("(?m)^node_scrape_collector_success\\{collector=\"([^\"]+)\"\\}");
  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

  /** With only the textfile collector: what every node_exporter serves besides collectors'. */
  private static final List<String> ALWAYS =
      List.of("go_", "process_", "promhttp_", "node_scrape_collector_", "node_exporter_build_info");

  private NodeExporterScrape() {}

  /**
   * @param url node_exporter's metrics, such as {@code http://127.0.0.1:9100/metrics} ({@code
   *     /metrics} when the URL has no path)
   * @throws UsageException when {@code url} is not an http(s) URL
   * @throws IOException when node_exporter cannot be scraped, naming the URL (without credentials)
   */
  static NodeExporterFamilies families(String url) throws IOException {
    URI uri = parse(url);
    String all = get(uri, "");
    List<String> collectors = new ArrayList<>();
    Matcher m = COLLECTOR.matcher(all);
    while (m.find()) {
      if (!m.group(1).equals("textfile")) {
        collectors.add(m.group(1));
      }
    }
    boolean textfile = collectors.size() < count(COLLECTOR.matcher(all));
    Map<String, String> types = new TreeMap<>();
    if (collectors.isEmpty()) {
      types(all).forEach((n, t) -> keepIf(ALWAYS.stream().anyMatch(n::startsWith), types, n, t));
    } else {
      StringBuilder only = new StringBuilder();
      for (String c : collectors) {
        only.append(only.length() == 0 ? "" : "&")
            .append("collect%5B%5D=")
            .append(URLEncoder.encode(c, StandardCharsets.UTF_8));
      }
      types.putAll(types(get(uri, only.toString())));
    }
    if (textfile) {
      types.put("node_textfile_mtime_seconds", "gauge");
      types.put("node_textfile_scrape_error", "gauge");
    }
    return NodeExporterFamilies.of(types);
  }

  private static void keepIf(boolean keep, Map<String, String> types, String name, String type) {
    if (keep) {
      types.put(name, type);
    }
  }

  private static int count(Matcher m) {
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static Map<String, String> types(String scrape) {
    Map<String, String> types = new TreeMap<>();
    Matcher m = TYPE.matcher(scrape);
    while (m.find()) {
      types.put(m.group(1), m.group(2));
    }
    return types;
  }

  private static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new UsageException(
          Messages.quoted(url)
              + ": "
              + LintCommand.NODE_EXPORTER
              + " must be node_exporter's http URL, such as http://127.0.0.1:9100/metrics");
    }
    return uri;
  }

  private static String get(URI uri, String query) throws IOException {
    String path =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/metrics" : uri.getRawPath();
    String q =
        uri.getRawQuery() == null
            ? query
            : uri.getRawQuery() + (query.isEmpty() ? "" : "&" + query);
    URI target =
        URI.create(
            uri.getScheme()
                + "://"
                + uri.getRawAuthority().replaceFirst("^.*@", "")
                + path
                + (q.isEmpty() ? "" : "?" + q));
    String shown =
        uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + path;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException("cannot scrape node_exporter at " + shown + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while scraping node_exporter at " + shown, e);
    }
    if (r.statusCode() != 200) {
      throw new IOException(
          "node_exporter at " + shown + " answered " + r.statusCode() + ", not 200 with metrics");
    }
    return r.body();
  }
}
