package dev.promjob.textfile;

import static dev.promjob.textfile.DirectorySummaryTest.OTHER;
import static dev.promjob.textfile.DirectorySummaryTest.settle;
import static dev.promjob.textfile.DirectorySummaryTest.summary;
import static dev.promjob.textfile.DirectorySummaryTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.promjob.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary is created in its writer's group, not in the groups of the files it describes: a file
 * another group may read (0640, nobody:nogroup) must not have its families, HELP and job names
 * shown to the writer's group (root's, here) through a summary of mode 0640. Runs as root, which
 * can give the file to nobody.
 */
class SummaryGroupTest {
  @TempDir Path tempDir;

  @Test
  void aFileOfAnotherGroupIsShownToNoGroupThroughTheSummary() throws Exception {
    assumeTrue(ServerProcess.isRoot(), "needs root to give the file to nobody:nogroup");
    Path dir = Files.createDirectory(tempDir.resolve("textfile"));
    Path other =
        Files.writeString(
            dir.resolve(OTHER),
            "# HELP secret_rows Secret help.\n# TYPE secret_rows gauge\n"
                + "secret_rows{job_name=\"pg\"} 1\n");
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(other, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("nobody"));
    view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
    view.setPermissions(PosixFilePermissions.fromString("rw-r-----"));
    settle(other);
    write(dir);
    Path summary = dir.resolve(DirectorySummary.NAME);
    assertThat(summary(dir)).containsOnlyKeys(OTHER); // still spared to its writer
    assertThat((Integer) Files.getAttribute(summary, "unix:gid"))
        .isNotEqualTo(Files.getAttribute(other, "unix:gid"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(summary)))
        .isEqualTo("rw-------");
  }
}
