package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How lint reads a node_exporter's answers (LintNodeExporterNamesIT asks the real one): the
 * collectors, the families of its own, the URLs it asks and shows.
 */
class NodeExporterScrapeTest {
  static final String ALL =
      "# HELP go_goroutines G.\n# TYPE go_goroutines gauge\ngo_goroutines 8\n"
          + "# HELP mine M.\n# TYPE mine gauge\nmine 1\n"
          + "# HELP node_load1 L.\n# TYPE node_load1 gauge\nnode_load1 0.5\n"
          + "# HELP node_scrape_collector_success S.\n# TYPE node_scrape_collector_success gauge\n"
          + "node_scrape_collector_success{collector=\"loadavg\"} 1\n"
          + "node_scrape_collector_success{collector=\"textfile\"} 1\n";

  @Test
  void theFamiliesOfTheScrapeWithoutTheTextfileCollectorAndItsOwnTwo() {
    List<String> collectors = NodeExporterScrape.collectors(ALL);

    assertThat(collectors).containsExactly("loadavg", "textfile");
    assertThat(NodeExporterScrape.onlyQuery(collectors)).isEqualTo("collect%5B%5D=loadavg");
    assertThat(NodeExporterScrape.onlyQuery(List.of("a b", "textfile", "c")))
        .isEqualTo("collect%5B%5D=a+b&collect%5B%5D=c");
    String without = "# TYPE go_goroutines gauge\n# TYPE node_load1 gauge\n";
    assertThat(NodeExporterScrape.own(ALL, without, collectors))
        .containsExactly(
            Map.entry("go_goroutines", "gauge"),
            Map.entry("node_load1", "gauge"),
            Map.entry("node_textfile_mtime_seconds", "gauge"),
            Map.entry("node_textfile_scrape_error", "gauge"));
    assertThat(NodeExporterScrape.own(ALL, without, List.of("loadavg"))).hasSize(2);
  }

  @Test
  void withOnlyTheTextfileCollectorWhatEveryNodeExporterServesIsKept() {
    assertThat(NodeExporterScrape.onlyQuery(List.of("textfile"))).isEmpty();

    assertThat(NodeExporterScrape.own(ALL, "", List.of("textfile")).keySet())
        .containsExactly(
            "go_goroutines",
            "node_scrape_collector_success",
            "node_textfile_mtime_seconds",
            "node_textfile_scrape_error");
  }

  @Test
  void theUrlAskedKeepsItsQueryAndTheOneShownHasNoCredentials() {
    URI bare = NodeExporterScrape.parse("http://127.0.0.1:9100");
    URI full = NodeExporterScrape.parse("https://u:secret@h:1/m?x=y");

    assertThat(NodeExporterScrape.target(bare, "")).hasToString("http://127.0.0.1:9100/metrics");
    assertThat(NodeExporterScrape.target(bare, "a=b"))
        .hasToString("http://127.0.0.1:9100/metrics?a=b");
    assertThat(NodeExporterScrape.target(full, "a=b")).hasToString("https://h:1/m?x=y&a=b");
    assertThat(NodeExporterScrape.target(full, "")).hasToString("https://h:1/m?x=y");
    assertThat(NodeExporterScrape.shown(full)).isEqualTo("https://h:1/m");
    assertThat(NodeExporterScrape.shown(NodeExporterScrape.parse("http://h/")))
        .isEqualTo("http://h/metrics"); // not the landing page
    assertThat(NodeExporterScrape.shown(NodeExporterScrape.parse("http://h/node/metrics")))
        .isEqualTo("http://h/node/metrics");
    for (String bad : new String[] {"localhost:9100", "ftp://h/", "http:///x", "http://h:x y"}) {
      assertThatThrownBy(() -> NodeExporterScrape.parse(bad))
          .as(bad)
          .isInstanceOf(UsageException.class)
          .hasMessageStartingWith(
              "'" + bad + "': --node-exporter must be node_exporter's http URL");
    }
  }

  @Test
  void nothingListeningIsAConnectionRefusedNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    } // closed: nothing listens there now

    assertThatThrownBy(() -> NodeExporterScrape.families("http://127.0.0.1:" + port + "/metrics"))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot scrape node_exporter at http://127.0.0.1:"
                + port
                + "/metrics: connection refused");
  }
}
