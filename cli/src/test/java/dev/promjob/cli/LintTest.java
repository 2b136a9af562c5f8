package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
    file("a.prom", A + "q{x=\"1\"} 1\nq{x=\"2\"} 1\nq{x=\"1\",y=\"\"} 3\n", "rw-r--r--");

    assertThat(kinds(lint(Optional.empty()))).containsExactly("5 duplicate-series");
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
  void namesInNodeExportersNamespaceAreReported() throws Exception {
    file(
        "a.prom",
        "# HELP node_custom C.\nnode_custom 1\n# HELP node_textfile_mtime_seconds M.\nnode_textfile_mtime_seconds 1\n",
        "rw-r--r--");

    List<Finding> f = lint(Optional.empty());

    assertThat(kinds(f)).containsExactly("1 shadows-node-exporter", "3 shadows-node-exporter");
    assertThat(f.get(0).message()).contains("node_exporter's namespace");
    assertThat(f.get(1).message()).contains("the textfile collector's own");
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

    List<Finding> f = lint(Optional.empty());

    assertThat(f).extracting(Finding::kind).containsExactly("not-a-file", "unreadable");
    assertThat(f.get(0).message())
        .contains("a directory: node_exporter 1.5 reads it as an empty file");
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
                assertThat(x.message())
                    .startsWith("cannot be read (java.nio.file.NoSuchFileException"));
    assertThat(new Lint(file, ReaderAccess.of("exporter", etc), Optional.empty(), NOW).run())
        .singleElement()
        .satisfies(x -> assertThat(x.message()).isEqualTo("is not a directory"));
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
    Path target = Files.writeString(etc.resolve("real.txt"), A + "q 1\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(dir.resolve("link.prom"), target);
    file("a.prom", A + "q 2\n", "rw-r--r--");

    assertThat(kinds(lint(Optional.empty()))).containsExactly("3 duplicate-series");
  }
}
