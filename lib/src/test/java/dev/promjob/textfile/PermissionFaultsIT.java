package dev.promjob.textfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.promjob.Job;
import dev.promjob.testing.JavaChild;
import dev.promjob.testing.NodeExporter;
import dev.promjob.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Permission faults on the real kernel, with the writer as an unprivileged process (nobody, since
 * root ignores permissions): the error names the path, the previous file stays, no temp is left.
 */
class PermissionFaultsIT {
  static final Job JOB = Job.machineBound("perm").build();
  Path root;
  Path dir;
  Path file;
  byte[] previous;

  @org.junit.jupiter.api.BeforeAll
  static void sayWhenSkipped() {
    if (!ServerProcess.isRoot()) {
      // A skipped guarantee must not look like a passed one: say so where the build shows it.
      System.out.println(
          "[WARNING] PermissionFaultsIT SKIPPED: it needs root to set up files nobody cannot write;"
              + " run the test command as root (CI does) to check the permission faults");
    }
  }

  @BeforeEach
  void previousFile() throws IOException {
    assumeTrue(ServerProcess.isRoot(), "needs root to set up files nobody cannot write");
    root = NodeExporter.readableTempDirectory("promjob-perm-");
    dir = Files.createDirectory(root.resolve("textfile"));
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    backend.report(WriterChild.report(JOB, 10, 1));
    file = backend.fileOf(JOB);
    previous = Files.readAllBytes(file);
  }

  @AfterEach
  void clean() {
    JavaChild.deleteTree(root);
  }

  /** Runs one report as nobody; returns its one line of output. */
  String writeAsNobody() throws Exception {
    Process p =
        new ProcessBuilder(
                JavaChild.command(WriterChild.class, true, "once", dir.toString(), "perm", "10"))
            .redirectErrorStream(true)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the writer did not end");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(1, p.exitValue(), out);
    return out;
  }

  void assertPreviousKeptAndNoTemp(String out) throws IOException {
    assertArrayEquals(previous, Files.readAllBytes(file), out);
    assertEquals(List.of(), TextfileBackendTest.tempFiles(dir), out);
  }

  static void chownNobody(Path p) throws IOException {
    UserPrincipal nobody =
        p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(p, nobody);
  }

  @Test
  void aDirectoryOfAnotherUser() throws Exception {
    String out = writeAsNobody(); // root:root 0755
    System.out.println("root's 0755 directory: " + out);
    assertTrue(
        out.contains("cannot create or open the lock file of the job in " + dir)
            && out.endsWith(": permission denied"),
        out);
    assertPreviousKeptAndNoTemp(out);
  }

  @Test
  void aReadOnlyDirectory() throws Exception {
    chownNobody(dir);
    chownNobody(file);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    String out = writeAsNobody();
    System.out.println("read-only directory: " + out);
    assertTrue(
        out.contains("cannot create or open the lock file of the job in " + dir)
            && out.endsWith(": permission denied"),
        out);
    assertPreviousKeptAndNoTemp(out);
  }

  @Test
  void aFileOfAnotherUserInAStickyDirectory() throws Exception {
    // Like /tmp: anyone may create files, nobody may replace root's file.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setAttribute(dir, "unix:mode", 01777);
    String out = writeAsNobody();
    System.out.println("root's file in a sticky directory: " + out);
    assertTrue(
        out.contains("cannot write " + file) && out.contains("Operation not permitted"), out);
    assertPreviousKeptAndNoTemp(out);
  }

  @Test
  void aPreviousFileTheWriterCannotRead() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    previous = Files.readAllBytes(file);
    String out = writeAsNobody();
    System.out.println("unreadable previous file: " + out);
    assertTrue(
        out.contains("cannot read the previous report " + file)
            && out.endsWith(": permission denied"),
        out);
    assertPreviousKeptAndNoTemp(out);
  }
}
