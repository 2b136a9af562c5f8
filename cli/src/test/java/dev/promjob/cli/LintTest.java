package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.textformat.NodeExporterFamilies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lint's judgement, file by file, on a real directory (LintIT has node_exporter confirm it). */
class LintTest {
  @TempDir Path dir;
  @TempDir Path etc;
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  static final String A = "# HELP q Depth.\n# TYPE q gauge\n";

  @BeforeEach
  void users() throws IOException {
    String me = System.getProperty("user.name");
    Files.writeString(
        etc.resolve("passwd"), "exporter:x:900:900::/:/bin/false\n" + me + ":x:0:0::/:/bin/sh\n");
    Files.writeString(etc.resolve("group"), "exporter:x:900:\nreaders:x:901:exporter,other\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  List<Finding> lint(Optional<Duration> stale) throws IOException {
    return new Lint(dir, ReaderAccess.of("exporter", etc), stale, NOW).run();
  }

  Path file(String name, String text, String mode) throws IOException {
    Path p = Files.writeString(dir.resolve(name), text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    Files.setLastModifiedTime(p, FileTime.from(NOW));
    return p;
  }

  static List<String> kinds(List<Finding> f) {
    return f.stream().map(x -> x.line() + " " + x.kind()).toList();
  }

  @Test
  void filesAreReadInNodeExportersOrderSoTheFirstNamedKeepsItsSeries() throws Exception {
    file("b.prom", A + "q{x=\"1\"} 1\n", "rw-r--r--");
    file("A.prom", A + "q{x=\"1\"} 2\n", "rw-r--r--"); // 'A' sorts before 'b' by bytes
    file("sub.txt", "ignored", "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    assertThat(f).hasSize(1);
    assertThat(f.get(0).file()).isEqualTo(dir.resolve("b.prom"));
    assertThat(f.get(0).message()).startsWith("series q{x=\"1\"} is also at A.prom:3");
  }

  @Test
  void aDuplicateWithinOneFileIsFoundToo() throws Exception {
    // node_exporter gives q{x="1"} the family's other label, y="", in this file: then it equals
    // the third series and node_exporter drops that one.
    file("a.prom", A + "q{x=\"1\"} 1\nq{x=\"2\"} 1\nq{x=\"1\",y=\"\"} 3\n", "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f)).containsExactly("5 duplicate-series");
    assertThat(f.get(0).message()).contains("node_exporter serves the first and drops this one");
  }

  @Test
  void aSuffixTakenByAnotherFilesFamilyIsAConflict() throws Exception {
    file(
        "a.prom",
        "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
        "rw-r--r--");
    file("b.prom", "# HELP h_count C.\n# TYPE h_count gauge\nh_count{x=\"y\"} 1\n", "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f)).containsExactly("1 conflict");
    assertThat(f.get(0).message())
        .contains("family h_count in this file collides with the histogram h in a.prom");
  }

  @Test
  void aMissingHelpConflictsWithAHelpButNotWithAnotherMissingOne() throws Exception {
    file("a.prom", "q 1\n", "rw-r--r--");
    file("b.prom", "q{x=\"b\"} 1\n", "rw-r--r--");
    assertThat(lint(Optional.empty())).isEmpty(); // node_exporter 1.5 merges them under one help

    file("c.prom", "# HELP q Depth.\nq{x=\"c\"} 1\n", "rw-r--r--");
    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f)).containsExactly("1 conflict", "1 conflict");
    assertThat(f.get(0).message()).contains("has HELP \"Depth.\" here but (none) in a.prom");
  }

  @Test
  void readableMeansForNodeExportersUserByOwnerGroupOrOthers() throws Exception {
    file("others.prom", A + "q{f=\"1\"} 1\n", "rw-r--r--");
    file("group.prom", A + "q{f=\"2\"} 1\n", "rw-r-----");
    file("none.prom", A + "q{f=\"3\"} 1\n", "rw-------");

    List<Finding> f = lint(Optional.empty());

    // The test's files belong to its own user and group; "exporter" is neither.
    assertThat(f)
        .extracting(Finding::file)
        .containsExactlyInAnyOrder(dir.resolve("group.prom"), dir.resolve("none.prom"));
    assertThat(f).allMatch(x -> x.kind().equals("unreadable"));
    assertThat(f.get(0).message()).contains("user exporter cannot read it (mode 0640");
  }

  @Test
  void aDirectoryTheUserCannotListIsAFinding() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));

    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f)).containsExactly("0 directory");
    assertThat(f.get(0).message()).contains("cannot list it (mode 0700)");
  }

  @Test
  void onlyTheNamesNodeExporterServesItselfShadowIt() throws Exception {
    file(
        "a.prom",
        "# HELP node_directory_size_bytes D.\nnode_directory_size_bytes{directory=\"/x\"} 1\n"
            + "# HELP node_custom C.\nnode_custom 1\n"
            + "# HELP node_textfile_mtime_seconds M.\nnode_textfile_mtime_seconds 1\n"
            + "# HELP go_goroutines G.\ngo_goroutines 20\n"
            + "# HELP node_load1 L.\nnode_load1 3\n"
            + "# HELP go_gc_duration_seconds_count C.\ngo_gc_duration_seconds_count 3\n",
        "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f))
        .containsExactly(
            "5 shadows-node-exporter",
            "7 shadows-node-exporter",
            "9 shadows-node-exporter",
            "11 shadows-node-exporter");
    assertThat(f.get(0).message())
        .startsWith("family node_textfile_mtime_seconds is the textfile collector's own");
    assertThat(f.get(1).message())
        .startsWith("family go_goroutines is a Go runtime metric of node_exporter's own process,")
        .contains("never reach Prometheus");
    assertThat(f.get(2).message())
        .startsWith("family node_load1 is served by a node_exporter collector too")
        .contains("changing from scrape to scrape");
    assertThat(f.get(3).message())
        .startsWith(
            "family go_gc_duration_seconds_count collides with node_exporter's"
                + " go_gc_duration_seconds, which is a Go runtime metric of node_exporter's own"
                + " process,");
  }

  @Test
  void theFamiliesARunningNodeExporterServesReplaceTheBuiltInOnes() throws Exception {
    file(
        "a.prom",
        "# HELP node_load1 L.\nnode_load1 3\n# HELP node_mine M.\nnode_mine 1\n",
        "rw-r--r--");
    NodeExporterFamilies served = NodeExporterFamilies.of(java.util.Map.of("node_mine", "gauge"));

    List<Finding> f =
        new Lint(dir, ReaderAccess.of("exporter", etc), Optional.empty(), NOW, served).run();

    assertThat(kinds(f)).containsExactly("3 shadows-node-exporter");
  }

  @Test
  void anEmptyLabelInAnotherFileIsAnotherSeriesToNodeExporterButNotToPrometheus() throws Exception {
    file("a.prom", A + "q 1\n", "rw-r--r--");
    file("b.prom", A + "q{x=\"\"} 2\n", "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f)).containsExactly("3 duplicate-series");
    assertThat(f.get(0).file()).isEqualTo(dir.resolve("b.prom"));
    assertThat(f.get(0).message())
        .isEqualTo(
            "series q{} is also at a.prom:3, but for an empty label: node_exporter serves both,"
                + " and Prometheus, to which an empty label is none, stores the one served first"
                + " and drops the other as a duplicate sample");
  }

  @Test
  void staleAndTempFilesAreJudgedByTheirAge() throws Exception {
    file("fresh.prom", A + "q{f=\"1\"} 1\n", "rw-r--r--");
    Path old = file("old.prom", A + "q{f=\"2\"} 1\n", "rw-r--r--");
    Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofMinutes(61))));
    Path young = file(".x.1.0123456789abcdef.promjob-tmp", "", "rw-r--r--");
    Files.setLastModifiedTime(young, FileTime.from(NOW.minus(Duration.ofMinutes(4))));
    Path dead = file("sponge.AbC123", "", "rw-r--r--");
    Files.setLastModifiedTime(dead, FileTime.from(NOW.minus(Duration.ofMinutes(6))));
    file(".x.promjob-lock", "", "rw-r--r--");
    Files.setLastModifiedTime(
        dir.resolve(".x.promjob-lock"), FileTime.from(NOW.minus(Duration.ofDays(9))));

    assertThat(lint(Optional.empty())).extracting(Finding::file).containsExactly(dead);
    List<Finding> f = lint(Optional.of(Duration.ofHours(1)));

    assertThat(f).extracting(Finding::file).containsExactly(old, dead);
    assertThat(f.get(0).message()).startsWith("not rewritten for 61m (--stale-after 1h)");
    assertThat(f.get(1).message()).startsWith("a temp file 6m old");
  }

  @Test
  void brokenLinksAndDirectoriesNamedPromAreFindings() throws Exception {
    Files.createSymbolicLink(dir.resolve("gone.prom"), dir.resolve("nowhere"));
    Files.createDirectory(dir.resolve("dir.prom"));
    Files.createSymbolicLink(dir.resolve("loop.prom"), dir.resolve("loop.prom"));

    List<Finding> f = lint(Optional.empty());

    assertThat(f)
        .extracting(Finding::kind)
        .containsExactly("not-a-file", "unreadable", "unreadable");
    assertThat(f.get(0).message())
        .contains("a directory: node_exporter 1.5 reads it as an empty file");
    assertThat(f.get(1).message())
        .isEqualTo(
            "a broken link: its target does not exist: node_exporter skips it and sets"
                + " node_textfile_scrape_error 1");
    assertThat(f.get(2).message())
        .startsWith("cannot be opened (too many levels of symbolic links")
        .doesNotContain("Exception");
  }

  @Test
  void aFifoAndAGaugeHistogramAreFindingsAndTheFifoIsNeverOpened() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.prom").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    file("gh.prom", "# HELP gh G.\n# TYPE gh gauge_histogram\ngh 1\n", "rw-r--r--");

    List<Finding> f = lint(Optional.empty()); // returns: it never blocks on the FIFO

    assertThat(kinds(f)).containsExactly("1 crashes-node-exporter", "0 not-a-file");
  }

  @Test
  void aMissingDirectoryOrAFileInItsPlaceIsTheOnlyFinding() throws Exception {
    Path file = file("plain", "", "rw-r--r--");

    assertThat(
            new Lint(dir.resolve("gone"), ReaderAccess.of("exporter", etc), Optional.empty(), NOW)
                .run())
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.text())
                    .isEqualTo(
                        dir.resolve("gone")
                            + ": directory: does not exist: node_exporter serves no textfile"
                            + " and sets node_textfile_scrape_error 1"));
    assertThat(new Lint(file, ReaderAccess.of("exporter", etc), Optional.empty(), NOW).run())
        .singleElement()
        .satisfies(x -> assertThat(x.message()).isEqualTo("is not a directory"));
    assertThat(
            new Lint(file.resolve("x"), ReaderAccess.of("exporter", etc), Optional.empty(), NOW)
                .run())
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.message())
                    .startsWith("a part of its path is not a directory: node_exporter serves no"));
  }

  @Test
  void exactlyAtTheLimitsAFileIsNeitherStaleNorALeftover() throws Exception {
    Path atLimit = file("limit.prom", A + "q 1\n", "rw-r--r--");
    Files.setLastModifiedTime(atLimit, FileTime.from(NOW.minus(Duration.ofHours(1))));
    Path temp = file("x.tmp", "", "rw-r--r--");
    Files.setLastModifiedTime(temp, FileTime.from(NOW.minus(Lint.TEMP_AGE)));

    Lint lint =
        new Lint(dir, ReaderAccess.of("exporter", etc), Optional.of(Duration.ofHours(1)), NOW);

    assertThat(lint.run()).isEmpty();
    assertThat(lint.files()).isEqualTo(1);
  }

  @Test
  void aLinkToAGoodFileIsReadLikeTheFile() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path target = file("sub/real.txt", A + "q 1\n", "rw-r--r--");
    Files.createSymbolicLink(dir.resolve("link.prom"), target);
    file("a.prom", A + "q 2\n", "rw-r--r--");

    assertThat(kinds(lint(Optional.empty()))).containsExactly("3 duplicate-series");
  }

  @Test
  void aLinkWhoseTargetIsInADirectoryTheUserCannotSearchIsUnreadable() throws Exception {
    Path secret = Files.createDirectory(dir.resolve("secret"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
    Path target = file("secret/real.prom", A + "q 1\n", "rw-r--r--");
    Files.createSymbolicLink(dir.resolve("link.prom"), Path.of("secret/real.prom"));
    Files.createSymbolicLink(dir.resolve("hop.prom"), dir.resolve("link.prom"));

    List<Finding> f = lint(Optional.empty());

    assertThat(f).extracting(Finding::kind).containsExactly("unreadable", "unreadable");
    assertThat(f.get(1).file()).isEqualTo(dir.resolve("link.prom"));
    assertThat(f.get(1).message())
        .isEqualTo(
            "user exporter cannot search "
                + secret
                + " on the way to the link's target (mode 0700): node_exporter skips it and sets"
                + " node_textfile_scrape_error 1");
    assertThat(f.get(0).file()).isEqualTo(dir.resolve("hop.prom")); // a link to the link
    assertThat(Files.readString(target)).startsWith(A);
  }

  @Test
  void aDirectoryUnderAParentTheUserCannotSearchServesNothing() throws Exception {
    Path parent = Files.createDirectory(dir.resolve("parent"));
    Path textfiles = Files.createDirectory(parent.resolve("textfiles"));
    Files.setPosixFilePermissions(textfiles, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(textfiles.resolve("a.prom"), A + "q 1\n");

    List<Finding> f =
        new Lint(textfiles, ReaderAccess.of("exporter", etc), Optional.empty(), NOW).run();

    assertThat(kinds(f)).containsExactly("0 directory");
    assertThat(f.get(0).message())
        .isEqualTo(
            "user exporter cannot search "
                + parent
                + " on the way to it (mode 0700): node_exporter serves no textfile and sets"
                + " node_textfile_scrape_error 1");
  }

  @Test
  void aDirectoryOrAFifoNamedPromThatTheUserCannotOpenIsUnreadableNotAFile() throws Exception {
    Path closed = Files.createDirectory(dir.resolve("closed.prom"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    Process mkfifo =
        new ProcessBuilder("mkfifo", "-m", "600", dir.resolve("p.prom").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    List<Finding> f = lint(Optional.empty());

    assertThat(f).extracting(Finding::kind).containsExactly("unreadable", "unreadable");
    assertThat(f.get(0).message()).startsWith("user exporter cannot read it (mode 0000");
    assertThat(f.get(1).message()).startsWith("user exporter cannot read it (mode 0600");
  }

  @Test
  void aSummarysQuantileIsNoLabelToFillSoItsSumInAnotherFileIsTheSameSeries() throws Exception {
    String s = "# HELP s S.\n# TYPE s summary\n";
    file("a.prom", s + "s{quantile=\"0.5\"} 1\ns_sum 1\ns_count 1\n", "rw-r--r--");
    file("b.prom", s + "s_sum 2\ns_count 2\n", "rw-r--r--");
    String h = "# HELP h H.\n# TYPE h histogram\n";
    file("c.prom", h + "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "rw-r--r--");
    file("d.prom", h + "h_bucket{le=\"+Inf\",x=\"\"} 2\nh_sum 2\nh_count 2\n", "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f))
        .containsExactly(
            "3 duplicate-series",
            "4 duplicate-series",
            "3 duplicate-series",
            "4 duplicate-series",
            "5 duplicate-series");
    assertThat(f.get(0).message()).contains("node_exporter serves the first and drops this one");
    // d.prom fills x="" on h_sum and h_count, whose le is no label: node_exporter serves both.
    assertThat(f.get(2).message()).contains("but for an empty label");
    assertThat(f.get(3).message()).contains("but for an empty label");
  }

  @Test
  void aGaugesLeIsALabelLikeAnyOtherAndIsFilledEmpty() throws Exception {
    String g = "# HELP g G.\n# TYPE g gauge\n";
    file("a.prom", g + "g 3\n", "rw-r--r--");
    file("b.prom", g + "g{le=\"1\"} 1\ng 2\n", "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    // node_exporter serves b's as g{le=""}: beside a's g, Prometheus keeps one.
    assertThat(kinds(f)).containsExactly("4 duplicate-series");
    assertThat(f.get(0).message()).contains("but for an empty label");
  }

  @Test
  void aFileNameWithANewlineIsPrintedEscapedSoEveryFindingIsOneLine() throws Exception {
    file("a\nb.prom", "q{\n", "rw-r--r--");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        Main.run(
            List.of("lint", dir.toString(), "--user", "root"),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith(dir + "/a\\u000ab.prom:1: parse-error: ")
        .containsOnlyOnce("\n")
        .endsWith("\n");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("promjob lint: 1 problem in " + dir + "\n");
  }
}
