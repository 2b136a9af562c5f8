package dev.promjob.cli;

import dev.promjob.textformat.NodeExporterFamilies;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
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
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

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
    List<String> collectors = collectors(all);
    if (collectors.isEmpty()) {
      // Its landing page, or another exporter: an empty set would pass every name.
      throw new IOException(
          shown(uri)
              + " served no node_scrape_collector_success: it is not node_exporter's metrics");
    }
    String only = onlyQuery(collectors);
    return NodeExporterFamilies.of(own(all, only.isEmpty() ? "" : get(uri, only), collectors));
  }

  /** The collectors a scrape says ran ({@code node_scrape_collector_success}). */
  static List<String> collectors(String scrape) {
    List<String> out = new ArrayList<>();
    Matcher m = COLLECTOR.matcher(scrape);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** {@code collect[]=...} for every collector but the textfile one; empty if none is left. */
  static String onlyQuery(List<String> collectors) {
    StringBuilder only = new StringBuilder();
    for (String c : collectors) {
      if (!c.equals("textfile")) {
        only.append(only.length() == 0 ? "" : "&")
            .append("collect%5B%5D=")
            .append(URLEncoder.encode(c, StandardCharsets.UTF_8));
      }
    }
    return only.toString();
  }

  /**
   * The families node_exporter serves itself: those of the scrape without the textfile collector,
   * or, when that was the only one, those of {@code all} that every node_exporter serves; and the
   * textfile collector's own two when it runs.
   */
  static Map<String, String> own(String all, String withoutTextfile, List<String> collectors) {
    Map<String, String> types = new TreeMap<>();
    if (withoutTextfile.isEmpty()) {
      types(all)
          .forEach(
              (name, type) -> {
                if (ALWAYS.stream().anyMatch(name::startsWith)) {
                  types.put(name, type);
                }
              });
    } else {
      types.putAll(types(withoutTextfile));
    }
    if (collectors.contains("textfile")) {
      types.put("node_textfile_mtime_seconds", "gauge");
      types.put("node_textfile_scrape_error", "gauge");
    }
    return types;
  }

  static Map<String, String> types(String scrape) {
    Map<String, String> types = new TreeMap<>();
    Matcher m = TYPE.matcher(scrape);
    while (m.find()) {
      types.put(m.group(1), m.group(2));
    }
    return types;
  }

  static URI parse(String url) {
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

  /** {@code uri} with {@code query} added, {@code /metrics} when it has no path, no user info. */
  static URI target(URI uri, String query) {
    String q =
        uri.getRawQuery() == null
            ? query
            : uri.getRawQuery() + (query.isEmpty() ? "" : "&" + query);
    return URI.create(
        uri.getScheme()
            + "://"
            + uri.getRawAuthority().replaceFirst("^.*@", "")
            + path(uri)
            + (q.isEmpty() ? "" : "?" + q));
  }

  /** The URL as messages show it: no user info, no query (either may hold a secret). */
  static String shown(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + path(uri);
  }

  private static String path(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() || path.equals("/") ? "/metrics" : path;
  }

  /**
   * Why a scrape failed, in words: the JDK's HTTP client gives a refused connection as a {@code
   * ConnectException} with no message at all (its cause a {@code ClosedChannelException}).
   */
  static String reason(IOException e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "no connection within " + Messages.duration(CONNECT_TIMEOUT);
      }
      if (t instanceof HttpTimeoutException) {
        return "no answer within " + Messages.duration(TIMEOUT);
      }
      if (message == null && t.getMessage() != null && !(t instanceof ClosedChannelException)) {
        message = t instanceof IOException io ? Messages.reason(io) : t.getMessage();
      }
    }
    if (message != null) {
      return message;
    }
    return e instanceof ConnectException
        ? "connection refused"
        : "an I/O error with no reason given";
  }

  private static String get(URI uri, String query) throws IOException {
    URI target = target(uri, query);
    String shown = shown(uri);
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException("cannot scrape node_exporter at " + shown + ": " + reason(e), e);
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
