package dev.promjob.textfile;

import dev.promjob.internal.Log;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** Removes the temp files of a job's writers that died (killed, power cut); never a live one's. */
final class Sweep {
  private Sweep() {}

  /** Removes temp files of this job left by writers that died (killed, power cut). */
  static void deadWriters(Path directory, String base) {
    String prefix = "." + base + ".";
    Instant stale = Instant.now().minus(TextfileBackend.STALE_TEMP_AGE);
    try (DirectoryStream<Path> temps =
        Files.newDirectoryStream(
            directory,
            p -> {
              String n = p.getFileName().toString();
              return n.startsWith(prefix) && n.endsWith(TextfileBackend.TEMP_SUFFIX);
            })) {
      for (Path tmp : temps) {
        String rest = tmp.getFileName().toString();
        rest = rest.substring(prefix.length(), rest.length() - TextfileBackend.TEMP_SUFFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || rest.indexOf('.', dot + 1) >= 0 || !rest.substring(0, dot).chars().allMatch(Character::isDigit)) {
          continue; // another job's temp whose name starts like ours
        }
        long pid;
        try {
          pid = Long.parseLong(rest.substring(0, dot));
        } catch (NumberFormatException e) {
          continue;
        }
        if (!Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
          continue; // promjob's temps are regular files; whatever this is, it is not ours
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (alive && !olderThan(tmp, stale)) {
          continue; // a live writer's file: removing it would fail that writer's rename
        }
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          Log.log(Level.WARNING, "cannot remove stale temp file: " + TextfileBackend.detail(e));
        }
      }
    } catch (IOException e) {
      Log.log(Level.WARNING, "cannot look for stale temp files in " + directory + ": " + TextfileBackend.detail(e));
    }
  }

  private static boolean olderThan(Path p, Instant t) {
    try {
      FileTime m = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
      return m.toInstant().isBefore(t);
    } catch (IOException e) {
      return false;
    }
  }

}
