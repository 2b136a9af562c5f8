package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.Job;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resource faults on Jimfs (Unix and Windows): a full disk, a directory that vanished or became a
 * file. Each must give an error naming the path, keep the previous file, and leave no temp.
 * Permission faults need a real kernel and an unprivileged writer: PermissionFaultsIT.
 */
class ResourceFaultsTest {
  static final Job JOB = Job.machineBound("nightly").groupingLabel("site", "a").build();
  private FileSystem fs;

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  /** A file system of {@code maxBytes}, like a small partition that fills up. */
  Path directory(boolean windows, long maxBytes) throws IOException {
    Configuration base =
        windows
            ? Configuration.windows()
            : Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build();
    fs = Jimfs.newFileSystem(base.toBuilder().setBlockSize(4096).setMaxSize(maxBytes).build());
    return Files.createDirectories(fs.getPath(windows ? "C:\\textfile" : "/textfile"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aFullDiskKeepsThePreviousFile(boolean windows) throws IOException {
    Path dir = directory(windows, 256 * 1024);
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    backend.report(WriterChild.report(JOB, 10, 1));
    byte[] before = Files.readAllBytes(backend.fileOf(JOB));

    // About 450 kB of text: more than the whole file system.
    IOException e =
        assertThrows(IOException.class, () -> backend.report(WriterChild.report(JOB, 10_000, 2)));
    assertThat(e.getMessage()).startsWith("cannot write " + backend.fileOf(JOB) + ": ");
    assertArrayEquals(before, Files.readAllBytes(backend.fileOf(JOB)));
    assertEquals(List.of(), TextfileBackendTest.tempFiles(dir));

    // The space comes back when the temp file goes: the next write that fits succeeds.
    backend.report(WriterChild.report(JOB, 10, 3));
    assertEquals(
        3.0, WriterChild.wholeVersion(Files.newInputStream(backend.fileOf(JOB)), "nightly", 10));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aFileThatFitsOnlyWithoutTheOldOneFailsCleanly(boolean windows) throws IOException {
    Path dir = directory(windows, 160 * 1024);
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    backend.report(WriterChild.report(JOB, 2_000, 1)); // ~90 kB
    byte[] before = Files.readAllBytes(backend.fileOf(JOB));
    // Another ~90 kB: the temp and the old file cannot both exist.
    assertThrows(IOException.class, () -> backend.report(WriterChild.report(JOB, 2_000, 2)));
    assertArrayEquals(before, Files.readAllBytes(backend.fileOf(JOB)));
    assertEquals(List.of(), TextfileBackendTest.tempFiles(dir));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aDirectoryThatVanishedIsNamed(boolean windows) throws IOException {
    Path dir = directory(windows, 1 << 24);
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    backend.report(WriterChild.report(JOB, 10, 1));
    Files.delete(backend.fileOf(JOB));
    Files.delete(JobLock.pathOf(dir, FileNames.base(JOB)));
    Files.delete(dir);
    IOException e =
        assertThrows(IOException.class, () -> backend.report(WriterChild.report(JOB, 10, 2)));
    assertThat(e.getMessage()).contains(dir + ": the textfile directory does not exist");
    assertFalse(Files.exists(dir), "promjob does not create the directory");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aDirectoryReplacedByAFileIsNamed(boolean windows) throws IOException {
    Path dir = directory(windows, 1 << 24);
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    backend.report(WriterChild.report(JOB, 10, 1));
    Files.delete(backend.fileOf(JOB));
    Files.delete(JobLock.pathOf(dir, FileNames.base(JOB)));
    Files.delete(dir);
    Files.writeString(dir, "not a directory");
    IOException e =
        assertThrows(IOException.class, () -> backend.report(WriterChild.report(JOB, 10, 2)));
    assertThat(e.getMessage()).contains(dir + ": the textfile directory is not a directory");
    assertEquals("not a directory", Files.readString(dir));
    IOException d = assertThrows(IOException.class, () -> backend.delete(JOB));
    assertThat(d.getMessage()).contains(dir.toString());
  }
}
