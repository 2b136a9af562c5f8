package dev.promjob.cli;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.spi.Backend;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code --no-overlap}: one run of a job at a time, held for the whole run with an {@code fcntl}
 * lock, which the kernel releases when promjob dies however it dies. Never waited for: a run that
 * finds it held does not start.
 *
 * <p>The lock file is beside the job's textfile ({@code .<file without .prom>.promjob-run-lock},
 * hidden and not {@code .prom}, so node_exporter never reads it: whoever may write the job's file
 * shares its lock); for a job of another backend it is in the user's own {@link LockDirectory},
 * {@code promjob-<hash>.promjob-run-lock}, the hash of where the job reports, so no other user can
 * hold it. It is never removed: removing a lock file lets a second run lock a new file while the
 * first still holds the old one. A lock file another user left (a run under {@code sudo}) is named
 * with its owner and how to be rid of it.
 */
final class RunLock implements AutoCloseable {
  static final String SUFFIX = ".promjob-run-lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Where the run lock of {@code job} lives.
   *
   * @throws IOException naming the directory when the user's lock directory cannot be used
   */
  static Path pathOf(Job job, Backend backend) throws IOException {
    return pathOf(job, List.of(backend));
  }

  /**
   * Where the run lock of a job of {@code backends} lives: the textfile's if it is one of them, so
   * that a run shares it with every writer of the job's file, else the first one's.
   */
  static Path pathOf(Job job, List<Backend> backends) throws IOException {
    Backend backend = backends.get(0);
    for (Backend b : backends) {
      if (b.name().equals(Reporter.TEXTFILE)) {
        backend = b;
      }
    }
    String location = backend.location(job);
    if (backend.name().equals(Reporter.TEXTFILE)) {
      Path file = Path.of(location);
      String name = file.getFileName().toString();
      String base = name.endsWith(".prom") ? name.substring(0, name.length() - 5) : name;
      return file.resolveSibling("." + base + SUFFIX);
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((backend.name() + " " + location).getBytes(StandardCharsets.UTF_8));
      String id = HexFormat.of().formatHex(hash, 0, 8);
      return LockDirectory.ofThisProcess().resolve("promjob-" + id + SUFFIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * @return the held lock, or empty if another run holds it
   * @throws IOException naming the lock file when it cannot be opened
   */
  static Optional<RunLock> tryAcquire(Path path) throws IOException {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS); // a link planted at the name is never followed
    } catch (IOException e) {
      String foreign = foreignOwner(path);
      if (foreign != null) { // EACCES on another user's file: say whose, and what to do
        throw new IOException(
            "cannot open the run lock "
                + path
                + ": it belongs to "
                + foreign
                + ", left by a run as that user; remove it (sudo rm "
                + path
                + ") and this user's runs make their own",
            e);
      }
      throw new IOException("cannot open the run lock " + path + ": " + e, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(new RunLock(channel, lock));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw new IOException("cannot lock " + path + ": " + e, e);
    }
  }

  /** {@code user root (uid 0)} when {@code path} is another user's file, else null. */
  static String foreignOwner(Path path) {
    try {
      int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      return owner == LockDirectory.uid() ? null : LockDirectory.owner(path);
    } catch (IOException | RuntimeException e) {
      return null; // gone, or no owner to tell: the caller's own message stands
    }
  }

  /** Releases the lock; a failure to is ignored, as the exit of the process releases it too. */
  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the kernel drops the lock when promjob exits, a moment later
    }
  }
}
