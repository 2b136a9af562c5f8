package dev.promjob.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files this JVM holds open under a directory, read from {@code /proc/self/fd}: a report that
 * leaves a descriptor behind leaks one per run in a long-lived service, and holds a removed file's
 * disk space (or a lock) until the process exits.
 */
public final class OpenDescriptors {
  private OpenDescriptors() {}

  /** What each open descriptor under {@code dir} points to ("… (deleted)" for a removed file). */
  public static List<String> under(Path dir) {
    List<String> open = new ArrayList<>();
    try {
      String root = dir.toRealPath().toString() + "/";
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
        for (Path fd : fds) {
          try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith(root)) {
              open.add(target);
            }
          } catch (IOException closedMeanwhile) {
            // a descriptor of another thread, closed while we looked
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return open;
  }
}
