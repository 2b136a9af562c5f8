package dev.promjob.textfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A name for a file this process holds open, which no one else can swap: {@code /proc/self/fd/N} on
 * Linux. Java gives no access to a channel's descriptor; the descriptor is found by the name the
 * file was opened under, which promjob makes unique (pid and random bits) or holds a lock on.
 */
final class OpenFiles {
  private static final Path PROC_FD = Path.of("/proc/self/fd");

  private OpenFiles() {}

  /**
   * The {@code /proc/self/fd/N} entry of the file just opened at {@code path} by this process (the
   * only descriptor of that name), or null without procfs or on another file system. Found even if
   * another process removed the name since the open: the kernel then shows the link as {@code
   * <path> (deleted)}, and the entry still reaches the open file.
   */
  static Path procName(Path path) {
    if (path.getFileSystem() != FileSystems.getDefault() || !Files.isDirectory(PROC_FD)) {
      return null;
    }
    Path expected;
    Path removed;
    try {
      expected = path.getParent().toRealPath().resolve(path.getFileName());
      removed = expected.resolveSibling(path.getFileName() + " (deleted)");
    } catch (IOException e) {
      return null;
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_FD)) {
      for (Path fd : fds) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (target.equals(expected) || target.equals(removed)) {
            return fd;
          }
        } catch (IOException closedMeanwhile) {
          // another thread's descriptor, closed while we looked
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
