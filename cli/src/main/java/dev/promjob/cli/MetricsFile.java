package dev.promjob.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Where {@code promjob run}'s command writes its own metrics: an empty file, mode 0600, in a
 * directory of mode 0700 that {@code mkdir} made under a random name (as {@code mktemp -d}), so no
 * other local user can read it, plant a link or a FIFO there, or make the name first. Removed, with
 * whatever the command left beside it, when the run ends.
 *
 * <pre>{@code
 * try (MetricsFile file = MetricsFile.create(tmp)) {
 *   environment.put(MetricsFile.VARIABLE, file.path().toString());
 *   // ... the command runs ...
 *   byte[] text = file.read(); // or MetricsFile.Refused naming the rule
 * }
 * }</pre>
 */
final class MetricsFile implements AutoCloseable {
  /** The environment variable that tells the command the file's path. */
  static final String VARIABLE = "PROMJOB_METRICS_FILE";

  /** How many taken names the directory's {@code mkdir} skips before it gives up. */
  static final int ATTEMPTS = 100;

  /** Whatever the command writes beyond this is refused: a runaway loop, not a job's metrics. */
  static final int MAX_BYTES = 1 << 20;

  /** A file the command's metrics cannot be read from; the message is the rule. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String rule) {
      super(rule);
    }
  }

  private final Path directory;
  private final Path file;
  private final Object fileKey;
  // Held open for the whole run: the inode cannot be freed and given to a file the command makes
  // after deleting this one, and what is read is this inode, whatever the path names by then.
  private final FileChannel held;

  private MetricsFile(Path directory, Path file, Object fileKey, FileChannel held) {
    this.directory = directory;
    this.file = file;
    this.fileKey = fileKey;
    this.held = held;
  }

  /**
   * Makes the directory under {@code base} and the empty file in it.
   *
   * @throws IOException naming {@code base} when it cannot
   */
  static MetricsFile create(Path base) throws IOException {
    return create(
        base,
        new LongSupplier() { // not a lambda: see Args
          @Override
          public long getAsLong() {
            return ThreadLocalRandom.current().nextLong();
          }
        });
  }

  /** As {@link #create(Path)}, the directory's name made of {@code names}' next. */
  static MetricsFile create(Path base, LongSupplier names) throws IOException {
    Path dir;
    try {
      dir = makeDirectory(base, names);
    } catch (IOException e) {
      throw new IOException(
          "cannot make the directory of "
              + VARIABLE
              + " in "
              + base
              + ": "
              + Messages.reason(e), // not reason(base, e): base is a directory, which is no fault
          e);
    }
    Path f = dir.resolve("metrics.prom");
    try {
      Files.createFile(
          f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      FileChannel held = FileChannel.open(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      try {
        Object key =
            Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        return new MetricsFile(dir, f, key, held);
      } catch (IOException e) {
        held.close();
        throw e;
      }
    } catch (IOException e) {
      remove(dir);
      throw new IOException("cannot make " + f + ": " + Messages.reason(f, e), e);
    }
  }

  /**
   * {@code mkdir} under a random name, as {@code Files.createTempDirectory} but without its
   * SecureRandom, whose start-up every run would pay (as AtomicReplace's temp names): a name taken,
   * guessed or not, fails the {@code mkdir} and the next is tried, so a guess gains nothing.
   */
  private static Path makeDirectory(Path base, LongSupplier names) throws IOException {
    FileAttribute<Set<PosixFilePermission>> mode =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    for (int attempt = 1; ; attempt++) {
      String name = "promjob-run-" + Long.toUnsignedString(names.getAsLong());
      try {
        return Files.createDirectory(base.resolve(name), mode);
      } catch (FileAlreadyExistsException e) {
        if (attempt == ATTEMPTS) {
          throw new FileAlreadyExistsException(
              e.getFile(), null, ATTEMPTS + " names tried, all taken");
        }
      }
    }
  }

  /** Where the command writes. */
  Path path() {
    return file;
  }

  /**
   * What the command wrote, once it has ended: empty when it wrote nothing.
   *
   * @throws Refused when the file is no longer the one promjob made, not a regular file, or larger
   *     than {@link #MAX_BYTES}
   * @throws IOException when it cannot be read
   */
  byte[] read() throws Refused, IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new Refused("the command deleted the file: write into it, do not remove it");
    }
    // The path is checked only to say what the command did: the bytes come from the held inode.
    if (a.isSymbolicLink()) {
      throw new Refused(
          "the command replaced the file with a symbolic link: links are not followed");
    }
    if (!a.isRegularFile()) {
      throw new Refused(
          "the command replaced the file with "
              + (a.isDirectory() ? "a directory" : "a FIFO, socket or device")
              + ": only a regular file is read");
    }
    if (fileKey != null && !fileKey.equals(a.fileKey())) {
      throw new Refused(
          "the command replaced the file (renamed another over it): write into the file itself");
    }
    long size = held.size();
    if (size > MAX_BYTES) {
      throw new Refused("larger than " + (MAX_BYTES >> 20) + " MiB: not a job's own metrics");
    }
    ByteBuffer text = ByteBuffer.allocate((int) size);
    while (text.hasRemaining() && held.read(text, text.position()) >= 0) {
      // a file that shrinks meanwhile ends the loop at its end
    }
    return Arrays.copyOf(text.array(), text.position());
  }

  /** Removes the directory and everything in it, never following a link. */
  @Override
  public void close() {
    try {
      held.close();
    } catch (IOException e) {
      // closing a read-only channel loses nothing
    }
    remove(directory);
  }

  private static void remove(Path dir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          remove(p);
        } else {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      // Left for the directory's own deletion to report: one line, not one per entry.
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      System.err.println(
          "promjob: cannot remove " + dir + " (" + VARIABLE + "'s directory): " + e.getMessage());
    }
  }

  /** The directory the file's own directory is made in: {@code TMPDIR} as mktemp(1) has it. */
  static Path base(String tmpdir) {
    return tmpdir != null && tmpdir.startsWith("/")
        ? Path.of(tmpdir)
        : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
