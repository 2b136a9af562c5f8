package dev.promjob.textfile;

import static dev.promjob.textfile.DirectorySummaryTest.CALM;
import static dev.promjob.textfile.DirectorySummaryTest.CLASH;
import static dev.promjob.textfile.DirectorySummaryTest.CLASH_MESSAGE;
import static dev.promjob.textfile.DirectorySummaryTest.OTHER;
import static dev.promjob.textfile.DirectorySummaryTest.other;
import static dev.promjob.textfile.DirectorySummaryTest.refusal;
import static dev.promjob.textfile.DirectorySummaryTest.stamp;
import static dev.promjob.textfile.DirectorySummaryTest.summary;
import static dev.promjob.textfile.DirectorySummaryTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory with the sticky bit (mode 1777, as {@code /tmp}) lets every user create files but
 * replace or delete only their own: there a summary another user planted before the job's first
 * write could never be replaced by the job, and a lie in it (another file's families left out, with
 * the file's true stamp: anyone can {@code stat} it) would turn the guard's refusal into series
 * node_exporter drops without a scrape error, for good. Runs as root, which can hand files to
 * nobody.
 */
class StickyDirectorySummaryTest {
  @TempDir Path tempDir;

  private Path stickyDirectory() throws IOException, InterruptedException {
    assumeTrue(ServerProcess.isRoot(), "needs root to give the planted summary to nobody");
    Path dir = Files.createDirectory(tempDir.resolve("shared"));
    Process chmod = new ProcessBuilder("chmod", "1777", dir.toString()).inheritIO().start();
    assertThat(chmod.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(chmod.exitValue()).isZero();
    assertThat((Integer) Files.getAttribute(dir, "unix:mode") & 07777).isEqualTo(01777);
    return dir;
  }

  /** A summary that says {@link DirectorySummaryTest#OTHER} has no family, with its true stamp. */
  private static Path plantLie(Path dir, String owner) throws IOException {
    FileSummary empty = new FileSummary(OTHER, stamp(dir.resolve(OTHER)), 0, Map.of(), Map.of());
    Path summary =
        Files.write(dir.resolve(DirectorySummary.NAME), SummaryFormat.render(List.of(empty)));
    UserPrincipal user =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner);
    Files.setOwner(summary, user);
    return summary;
  }

  private static UserPrincipal nobody(Path dir) throws IOException {
    return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
  }

  @Test
  void anotherUsersSummaryInAStickyDirectoryIsNotTrusted() throws Exception {
    Path dir = stickyDirectory();
    other(dir, CLASH);
    plantLie(dir, "nobody");
    assertThat(refusal(dir)).containsExactly(CLASH_MESSAGE);
  }

  @Test
  void anotherUsersSummaryElsewhereIsUsed() throws Exception {
    // Without the sticky bit whoever wrote the summary could replace the job's files anyway: the
    // summary stands, shared by the directory's users, and is not even rewritten when it is right.
    assumeTrue(ServerProcess.isRoot(), "needs root to give the summary to nobody");
    Path dir = Files.createDirectory(tempDir.resolve("plain"));
    Path other = other(dir, CALM);
    FileSummary read = FileSummary.read(other, OTHER, stamp(other), (f, s, n, v, c, x) -> {});
    Path summary =
        Files.write(dir.resolve(DirectorySummary.NAME), SummaryFormat.render(List.of(read)));
    Files.setOwner(summary, nobody(dir));
    write(dir);
    assertThat(Files.getOwner(summary)).isEqualTo(nobody(dir));
    assertThat(summary(dir)).containsOnlyKeys(OTHER);
  }

  @Test
  void theJobsOwnSummaryInAStickyDirectoryIsUsed() throws Exception {
    // The same lie, root's (the job's user): taken as written, so the refusal above is the owner's.
    Path dir = stickyDirectory();
    other(dir, CLASH);
    plantLie(dir, "root");
    write(dir);
    assertThat(dir.resolve("db_backup@database=users.prom")).exists();
  }
}
