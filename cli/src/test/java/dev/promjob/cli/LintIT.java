package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob lint} on directories holding each kind of problem, and the real node_exporter
 * (running as nobody when the tests run as root) confirming what lint says it does with them.
 */
class LintIT {
  @TempDir Path work;
  Path dir;

  @BeforeEach
  void directory() throws IOException {
    dir = NodeExporter.readableTempDirectory("promjob-lint-it");
  }

  @AfterEach
  void remove() {
    JavaChild.deleteTree(dir);
  }

  void file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
  }

  Launcher.Result lint(String... extra) throws Exception {
    String[] args = new String[extra.length + 4];
    args[0] = "lint";
    args[1] = dir.toString();
    args[2] = "--user";
    args[3] = isRoot() ? "nobody" : System.getProperty("user.name"); // node_exporter's user here
    System.arraycopy(extra, 0, args, 4, extra.length);
    return Launcher.run(work, Map.of(), null, args);
  }

  /** Lint's findings, which must make it exit 1. */
  String problems(String... extra) throws Exception {
    Launcher.Result r = lint(extra);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    return r.out();
  }

  String scrape() throws IOException {
    try (NodeExporter node = NodeExporter.start(dir, work)) {
      return node.scrape();
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static double scrapeError(String text) {
    return NodeExporter.value(text, "node_textfile_scrape_error", "");
  }

  static final String A = "# HELP queue_depth Depth of the queue.\n# TYPE queue_depth gauge\n";

  @Test
  void aCleanDirectoryIsServedWholeAndLintSaysNothing() throws Exception {
    file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");
    file("b.prom", A + "queue_depth{queue=\"b\"} 2\n");
    file(".hidden.prom", "# HELP hidden_metric Hidden.\nhidden_metric 3\n");
    file("notes.txt", "not a textfile\n");

    Launcher.Result r = lint("--stale-after", "1h");
    String served = scrape();

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(scrapeError(served)).isZero();
    assertThat(NodeExporter.value(served, "queue_depth", "queue=\"a\"")).isEqualTo(1);
    assertThat(NodeExporter.value(served, "queue_depth", "queue=\"b\"")).isEqualTo(2);
    assertThat(NodeExporter.value(served, "hidden_metric", "")).isEqualTo(3);
  }

  @Test
  void aParseErrorSkipsTheWholeFile() throws Exception {
    file("good.prom", A + "queue_depth{queue=\"a\"} 1\n");
    file(
        "stamped.prom",
        "# HELP stamped_metric S.\nstamped_metric 1\nstamped_metric{x=\"y\"} 2 1700000000000\n");

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(
            dir.resolve("stamped.prom")
                + ":3: parse-error: sample has a timestamp (\"1700000000000\"): node_exporter"
                + " skips the whole file and sets node_textfile_scrape_error 1\n");
    assertThat(found).contains("node_exporter skips the whole file");
    assertThat(scrapeError(served)).isEqualTo(1);
    assertThat(NodeExporter.samples(served, "stamped_metric")).isEmpty();
    assertThat(NodeExporter.value(served, "queue_depth", "queue=\"a\"")).isEqualTo(1);
  }

  @Test
  void aFileNodeExportersUserCannotReadIsSkipped() throws Exception {
    file("secret.prom", "# HELP secret_metric S.\nsecret_metric 1\n");
    Files.setPosixFilePermissions(
        dir.resolve("secret.prom"), PosixFilePermissions.fromString("rw-------"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        isRoot(), "node_exporter runs as nobody only under root");

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(
            dir.resolve("secret.prom") + ": unreadable: user nobody cannot read it (mode 0600");
    assertThat(scrapeError(served)).isEqualTo(1);
    assertThat(NodeExporter.samples(served, "secret_metric")).isEmpty();
  }

  @Test
  void helpAndTypeConflictsDropTheLaterFilesSeriesWithoutAScrapeError() throws Exception {
    file(
        "a.prom",
        A
            + "queue_depth{queue=\"a\"} 1\n# HELP jobs_running Jobs.\n# TYPE jobs_running gauge\njobs_running 1\n");
    file(
        "b.prom",
        "# HELP queue_depth Queue depth.\n# TYPE queue_depth gauge\nqueue_depth{queue=\"b\"} 2\n# HELP jobs_running Jobs.\n# TYPE jobs_running untyped\njobs_running{x=\"b\"} 5\n");

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(
            dir.resolve("b.prom")
                + ":1: conflict: family queue_depth has HELP \"Queue depth.\" here but \"Depth of the queue.\" in a.prom")
        .contains(
            dir.resolve("b.prom")
                + ":4: conflict: family jobs_running is a untyped here but a gauge in a.prom");
    assertThat(scrapeError(served)).isZero();
    assertThat(NodeExporter.samples(served, "queue_depth")).hasSize(1);
    assertThat(NodeExporter.value(served, "queue_depth", "queue=\"a\"")).isEqualTo(1);
    assertThat(NodeExporter.samples(served, "jobs_running")).hasSize(1);
  }

  @Test
  void aSeriesInTwoFilesIsServedOnce() throws Exception {
    file("a.prom", A + "queue_depth{queue=\"same\"} 1\n");
    file(
        "b.prom",
        A
            + "queue_depth{queue=\"other\"} 3\nqueue_depth{queue=\"same\"} 2\nqueue_depth{queue=\"other\"} 4\n");

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(
            dir.resolve("b.prom")
                + ":4: duplicate-series: series queue_depth{queue=\"same\"} is also at a.prom:3");
    assertThat(scrapeError(served)).isZero();
    assertThat(NodeExporter.value(served, "queue_depth", "queue=\"same\"")).isEqualTo(1);
    assertThat(NodeExporter.value(served, "queue_depth", "queue=\"other\"")).isEqualTo(3);
  }

  @Test
  void aSuffixOfAnotherFilesHistogramDropsTheFamily() throws Exception {
    file(
        "a.prom", "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n");
    file("b.prom", "# HELP h_count C.\n# TYPE h_count gauge\nh_count{x=\"y\"} 5\n");

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(
            dir.resolve("b.prom")
                + ":1: conflict: family h_count in this file collides with the histogram h in a.prom");
    assertThat(scrapeError(served)).isZero();
    assertThat(NodeExporter.samples(served, "h_count")).containsExactly("h_count 1");
  }

  @Test
  void aBrokenLinkAndADirectoryNamedPromAreNotFiles() throws Exception {
    Files.createSymbolicLink(dir.resolve("gone.prom"), dir.resolve("nowhere"));
    Files.createDirectory(dir.resolve("dir.prom"));

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(
            dir.resolve("gone.prom") + ": unreadable: a broken link: its target does not exist")
        .contains(dir.resolve("dir.prom") + ": not-a-file: a directory");
    assertThat(scrapeError(served)).isEqualTo(1); // the link
    assertThat(NodeExporter.samples(served, "node_textfile_mtime_seconds"))
        .singleElement()
        .asString()
        .contains("dir.prom"); // the directory, read as an empty file
  }

  @Test
  void aDirectoryItsUserCannotListServesNothing() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        isRoot(), "node_exporter runs as nobody only under root");
    file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));

    String found = problems();
    String served = scrape();

    assertThat(found).contains(dir + ": directory: user nobody cannot list it (mode 0700)");
    assertThat(scrapeError(served)).isEqualTo(1);
    assertThat(NodeExporter.samples(served, "queue_depth")).isEmpty();
  }

  @Test
  void aNameOfNodeExportersOwnIsServedInPlaceOfIt() throws Exception {
    file(
        "a.prom",
        "# HELP node_textfile_scrape_error Mine.\n# TYPE node_textfile_scrape_error gauge\nnode_textfile_scrape_error 7\n");

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(
            dir.resolve("a.prom")
                + ":1: shadows-node-exporter: family node_textfile_scrape_error is the textfile collector's own");
    // The file's 7 stands where node_exporter's own 0 or 1 should: an alert on it is blind.
    assertThat(scrapeError(served)).isEqualTo(7);
  }

  @Test
  void leftoverTempFilesAreReportedAndNotServed() throws Exception {
    file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");
    file("a.prom.tmp", A + "queue_depth{queue=\"half\"} 9\n");
    file(".a.1234.0123456789abcdef.promjob-tmp", A + "queue_depth{queue=\"half\"} 9\n");
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Files.setLastModifiedTime(dir.resolve("a.prom.tmp"), old);
    Files.setLastModifiedTime(dir.resolve(".a.1234.0123456789abcdef.promjob-tmp"), old);

    String found = problems();
    String served = scrape();

    assertThat(found)
        .contains(dir.resolve("a.prom.tmp") + ": leftover-temp: a temp file 2h old")
        .contains(dir.resolve(".a.1234.0123456789abcdef.promjob-tmp") + ": leftover-temp:");
    assertThat(NodeExporter.samples(served, "queue_depth")).hasSize(1);
  }

  @Test
  void aFileNotRewrittenWithinStaleAfterIsServedAsIfCurrent() throws Exception {
    file("old.prom", A + "queue_depth{queue=\"old\"} 1\n");
    Instant written = Instant.now().minus(Duration.ofHours(3));
    Files.setLastModifiedTime(dir.resolve("old.prom"), FileTime.from(written));

    Launcher.Result r = lint("--stale-after", "1h", "--format", "json");
    String served = scrape();

    assertThat(r.exitCode()).isEqualTo(1);
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(json.get("files").getAsInt()).isEqualTo(1);
    JsonArray findings = json.getAsJsonArray("findings");
    assertThat(findings).hasSize(1);
    JsonObject f = findings.get(0).getAsJsonObject();
    assertThat(f.get("kind").getAsString()).isEqualTo("stale");
    assertThat(f.get("file").getAsString()).isEqualTo(dir.resolve("old.prom").toString());
    assertThat(f.get("line").getAsInt()).isZero();
    assertThat(f.get("message").getAsString())
        .startsWith("not rewritten for 3h (--stale-after 1h)");
    // Served, as lint says: the value and the file's old mtime.
    assertThat(NodeExporter.value(served, "queue_depth", "queue=\"old\"")).isEqualTo(1);
    assertThat(NodeExporter.value(served, "node_textfile_mtime_seconds", "old.prom"))
        .isEqualTo(written.getEpochSecond());
  }

  @Test
  void aGaugeHistogramWithSamplesCrashesNodeExporter() throws Exception {
    file("gh.prom", "# HELP gh_metric G.\n# TYPE gh_metric gauge_histogram\ngh_metric 1\n");

    String found = problems();

    assertThat(found)
        .contains(
            dir.resolve("gh.prom")
                + ":1: crashes-node-exporter: family gh_metric is a gauge_histogram");
    try (NodeExporter node = NodeExporter.start(dir, work)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(node::scrape)
          .isInstanceOf(IOException.class);
      Launcher.await(
          "node_exporter to die",
          () -> ProcessHandle.of(node.pid()).map(h -> !h.isAlive()).orElse(true));
      assertThat(node.logTail()).contains("panic: unknown metric type");
    }
  }

  @Test
  void aFifoHangsEveryScrape() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.prom").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");

    String found = problems();

    assertThat(found).contains(dir.resolve("pipe.prom") + ": not-a-file: not a regular file");
    try (NodeExporter node = NodeExporter.start(dir, work)) {
      // No answer in 3 s where an answer takes milliseconds: node_exporter waits in open(2).
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.scrape(Duration.ofSeconds(3)))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aMissingDirectoryIsAFinding() throws Exception {
    JavaChild.deleteTree(dir);

    String found = problems();

    assertThat(found)
        .contains(dir + ": directory: does not exist: node_exporter serves no textfile");
  }

  @Test
  void aLinkToAFileInADirectoryItsUserCannotSearchIsSkipped() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        isRoot(), "node_exporter runs as nobody only under root");
    Path secret = NodeExporter.readableTempDirectory("promjob-lint-secret");
    try {
      Path target = secret.resolve("real.prom");
      Files.writeString(target, "# HELP secret_metric S.\nsecret_metric 1\n");
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
      Files.createSymbolicLink(dir.resolve("link.prom"), target);
      file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");

      String found = problems();
      String served = scrape();

      assertThat(found)
          .isEqualTo(
              dir.resolve("link.prom")
                  + ": unreadable: user nobody cannot search "
                  + secret
                  + " on the way to the link's target (mode 0700): node_exporter skips it and sets"
                  + " node_textfile_scrape_error 1\n");
      assertThat(scrapeError(served)).isEqualTo(1);
      assertThat(NodeExporter.samples(served, "secret_metric")).isEmpty();
      assertThat(NodeExporter.value(served, "queue_depth", "queue=\"a\"")).isEqualTo(1);
    } finally {
      JavaChild.deleteTree(secret);
    }
  }

  @Test
  void aTextfileDirectoryUnderAParentItsUserCannotSearchServesNothing() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        isRoot(), "node_exporter runs as nobody only under root");
    Path parent = dir;
    dir = Files.createDirectory(parent.resolve("textfiles"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
    try {
      String found = problems();
      String served = scrape();

      assertThat(found)
          .isEqualTo(
              dir
                  + ": directory: user nobody cannot search "
                  + parent
                  + " on the way to it (mode 0700): node_exporter serves no textfile and sets"
                  + " node_textfile_scrape_error 1\n");
      assertThat(scrapeError(served)).isEqualTo(1);
      assertThat(NodeExporter.samples(served, "queue_depth")).isEmpty();
    } finally {
      dir = parent;
    }
  }

  @Test
  void aDirectoryNamedPromThatItsUserCannotOpenIsAScrapeError() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        isRoot(), "node_exporter runs as nobody only under root");
    Path closed = Files.createDirectory(dir.resolve("d.prom"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");

    String found = problems();
    String served = scrape();

    assertThat(found)
        .isEqualTo(
            closed
                + ": unreadable: user nobody cannot read it (mode 0000, owner root): node_exporter"
                + " skips it and sets node_textfile_scrape_error 1\n");
    assertThat(scrapeError(served)).isEqualTo(1);
    assertThat(NodeExporter.samples(served, "node_textfile_mtime_seconds"))
        .singleElement()
        .asString()
        .contains("a.prom");
  }

  @Test
  void anUnknownUserIsRefusedNotJudgedAsOthers() throws Exception {
    file("a.prom", A + "queue_depth{queue=\"a\"} 1\n");

    Launcher.Result r =
        Launcher.run(work, Map.of(), null, "lint", dir.toString(), "--user", "nosuchuser");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "promjob: 'nosuchuser': no such user in /etc/passwd: --user must name the user"
                + " node_exporter runs as (by default Debian's, prometheus)\n");
  }

  @Test
  void anEmptyLabelIsAnotherSeriesToNodeExporterAcrossFilesButNotWithinOne() throws Exception {
    file("a.prom", A + "queue_depth 1\n");
    file("b.prom", A + "queue_depth{queue=\"\"} 2\n");
    file("c.prom", "# HELP jobs J.\n# TYPE jobs gauge\njobs{x=\"\"} 1\njobs 2\n");

    String found = problems();

    assertThat(found)
        .isEqualTo(
            dir.resolve("b.prom")
                + ":3: duplicate-series: series queue_depth{} is also at a.prom:3, but for an empty"
                + " label: node_exporter serves both, and Prometheus, to which an empty label is"
                + " none, stores the one served first and drops the other as a duplicate sample\n"
                + dir.resolve("c.prom")
                + ":4: duplicate-series: series jobs{} is also at c.prom:3: node_exporter serves"
                + " the first and drops this one, with node_textfile_scrape_error 0\n");
    try (NodeExporter node = NodeExporter.start(dir, work);
        dev.promjob.testing.Prometheus prometheus =
            LintNodeExporterNamesIT.scrapingFrom(work, node)) {
      String served = node.scrape();
      assertThat(NodeExporter.samples(served, "queue_depth"))
          .containsExactly("queue_depth 1", "queue_depth{queue=\"\"} 2");
      assertThat(NodeExporter.samples(served, "jobs")).containsExactly("jobs{x=\"\"} 1");
      assertThat(scrapeError(served)).isZero();
      prometheus.await("jobs", s -> s.size() == 1, Duration.ofSeconds(30));
      assertThat(prometheus.query("queue_depth"))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo(1));
    }
  }
}
