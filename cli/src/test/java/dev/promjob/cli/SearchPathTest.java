package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directories the kernel searches to reach a path, links and dot-dots followed. */
class SearchPathTest {
  @TempDir Path dir;

  @Test
  void everyDirectoryFromTheRootAndThoseOfEachLinksTarget() throws Exception {
    Path b = Files.createDirectories(dir.resolve("a/b"));
    Files.createSymbolicLink(dir.resolve("l"), Path.of("a/b")); // relative to dir
    Files.createSymbolicLink(b.resolve("x.prom"), dir.resolve("t/x"));

    SearchPath p = SearchPath.of(dir.resolve("l/x.prom"));

    assertThat(p.searched())
        .startsWith(Path.of("/"))
        .containsSubsequence(dir, dir.resolve("a"), b, dir.resolve("t"));
    assertThat(p.searched()).doesNotContain(dir.resolve("l"), dir.resolve("t/x"));
    assertThat(p.resolved()).isEqualTo(dir.resolve("t/x"));
  }

  @Test
  void dotDotGoesUpFromWhereTheLinksLed() throws Exception {
    Path b = Files.createDirectories(dir.resolve("a/b"));
    Files.createDirectories(dir.resolve("c"));
    Files.createSymbolicLink(dir.resolve("c/l"), b);

    SearchPath p = SearchPath.of(dir.resolve("c/l/../f"));

    assertThat(p.resolved()).isEqualTo(dir.resolve("a/f"));
    assertThat(p.searched()).contains(b, dir.resolve("c")).doesNotContain(dir.resolve("a/b/f"));
    assertThat(SearchPath.of(Path.of("/../x")).resolved()).isEqualTo(Path.of("/x"));
  }

  @Test
  void aLoopOfLinksEndsAfterFortyAsTheKernelsDoes() throws Exception {
    Files.createSymbolicLink(dir.resolve("one"), dir.resolve("two"));
    Files.createSymbolicLink(dir.resolve("two"), dir.resolve("one"));

    SearchPath p = SearchPath.of(dir.resolve("one/x"));

    assertThat(p.resolved().getFileName()).hasToString("x");
    assertThat(p.searched()).contains(dir);
  }
}
