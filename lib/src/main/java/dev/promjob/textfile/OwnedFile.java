package dev.promjob.textfile;

import dev.promjob.Job;
import dev.promjob.spi.Carried;
import dev.promjob.textformat.TextFormatException;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The owned-file contract: promjob replaces or deletes only regular files whose first line is its
 * header, never through a link, and reads the last success back from them, under the job's current
 * name or the name promjob 0.1 gave it.
 */
final class OwnedFile {
  /** First line of every file promjob writes; a comment node_exporter ignores. */
  static final String HEADER =
      "# Written by promjob. Replaced whole on every run of the job: do not edit.\n";

  static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);

  private OwnedFile() {}

  /**
   * Checks that promjob wrote {@code target} (so a job never clobbers another tool's file), and if
   * asked returns what it carries on for this job (its last success, its consecutive failures). A
   * success is not failed by a previous file it cannot parse (it replaces it); a failed run is,
   * since it would lose the last success.
   */
  static Carried read(Path target, Job job, boolean wantLastSuccess, boolean mustRead)
      throws IOException {
    BasicFileAttributes attrs =
        Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      throw new FileAlreadyExistsException(
          target.toString(),
          null,
          "is a symbolic link; promjob replaces or deletes only regular files it wrote, and never"
              + " follows a link: remove it");
    }
    if (!attrs.isRegularFile()) {
      // A FIFO would block the open for ever, a device would be read for ever.
      throw new FileAlreadyExistsException(
          target.toString(),
          null,
          "is not a regular file (a FIFO, a device or a directory); promjob replaces or deletes"
              + " only regular files it wrote: remove it");
    }
    try (InputStream in = openOwn(target)) {
      if (in == null) {
        throw new FileAlreadyExistsException(
            target.toString(),
            null,
            "not written by promjob (its first line is not '"
                + HEADER.strip()
                + "'); refusing to replace or delete another tool's file: rename the job or"
                + " remove the file");
      }
      if (!wantLastSuccess) {
        return Carried.nothing();
      }
      return LastSuccess.carried(in, asMap(job.identityLabels()));
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      if (!mustRead && e instanceof TextFormatException) {
        return Carried.nothing(); // this success replaces the damaged file
      }
      throw IoMessages.withPath(
          "cannot read the previous report "
              + target
              + (wantLastSuccess ? " to keep its last success timestamp" : ""),
          e);
    }
  }

  /**
   * What the job's file carries on, its last success and failures in a row ({@code legacy}'s when
   * the file is not there yet), read on every run under the lock: a failed run carries it, and a
   * success never writes one older than what an overlapping run (or a clock stepped back) has
   * already written.
   */
  static Carried carried(Path target, Path legacy, Job job, boolean failed) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return read(target, job, true, failed);
    }
    return legacy == null ? Carried.nothing() : read(legacy, job, true, failed);
  }

  /** The file past promjob's header line, never through a link; null if the header is not there. */
  static InputStream openOwn(Path file) throws IOException {
    InputStream in =
        new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16);
    try {
      byte[] head = in.readNBytes(HEADER_BYTES.length);
      if (!Arrays.equals(head, HEADER_BYTES)) {
        in.close();
        return null;
      }
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * The job's file under the name promjob 0.1 gave it, if that name differs from today's and the
   * file there is this job's own (on a case-insensitive file system the old name {@code
   * Backup.prom} may be another job's {@code backup.prom}).
   */
  static Path legacy(Path directory, Job job, Path target) throws IOException {
    Path legacy = directory.resolve(FileNames.legacyBase(job) + FileNames.SUFFIX);
    if (legacy.getFileName().toString().equals(target.getFileName().toString())
        || !Files.isRegularFile(legacy, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Map<String, String> identity = asMap(job.identityLabels());
    try (InputStream in = openOwn(legacy)) {
      if (in == null || !LastSuccess.holdsSeriesOf(in, identity)) {
        return null;
      }
    } catch (IOException e) {
      return null; // not promjob's, or unreadable: not ours to remove
    }
    return legacy;
  }

  static void deleteLegacy(Path legacy) throws IOException {
    try {
      Files.deleteIfExists(legacy);
    } catch (IOException e) {
      throw IoMessages.withPath("cannot remove the job's file of its old name " + legacy, e);
    }
  }

  static Map<String, String> asMap(Labels labels) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      m.put(labels.getName(i), labels.getValue(i));
    }
    return m;
  }
}
