package dev.promjob.textfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One writer of a job's file at a time, across threads and processes, from reading the previous
 * file to the rename: overlapping runs (a slow cron job and its next run) would otherwise both read
 * the same previous file, and the later rename would write back an older last success.
 *
 * <p>The lock is {@code .<base>.promjob-lock} beside the file (hidden, not {@code .prom}: node_exporter
 * never reads it), locked with {@code fcntl} so that a writer that dies releases it. Both waits are
 * bounded: a writer that cannot get the lock in time fails its report, naming the lock file.
 */
final class JobLock implements AutoCloseable {
  static final String SUFFIX = ".promjob-lock";

  /** In this JVM, fcntl locks do not exclude threads (the JDK refuses the overlap instead). */
  private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Semaphore local;
  private final FileChannel channel;
  private final FileLock lock;

  private JobLock(Semaphore local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  static Path pathOf(Path directory, String base) {
    return directory.resolve("." + base + SUFFIX);
  }

  static JobLock acquire(Path directory, String base, Duration timeout) throws IOException {
    Path path = pathOf(directory, base);
    long end = System.nanoTime() + timeout.toNanos();
    Semaphore local = IN_PROCESS.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new Semaphore(1));
    try {
      if (!local.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw timedOut(path, timeout, "another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the lock " + path, e);
    }
    FileChannel channel = null;
    try {
      channel = open(path);
      long pause = POLL_NANOS;
      while (true) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // cannot happen behind the semaphore; treated as busy
        }
        if (lock != null) {
          return new JobLock(local, channel, lock);
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw timedOut(path, timeout, "another process");
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
        pause = Math.min(pause * 2, MAX_POLL_NANOS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(channel);
      local.release();
      throw new IOException("interrupted while waiting for the lock " + path, e);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      local.release();
      throw e;
    }
  }

  /**
   * Opens the lock file read-write, creating it, never through a link. Read-write rather than
   * write-only: opening a FIFO planted at the name then returns at once instead of blocking.
   */
  private static FileChannel open(Path path) throws IOException {
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))}
            : new FileAttribute<?>[0];
    FileChannel channel =
        FileChannel.open(
            path,
            Set.<OpenOption>of(
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS),
            attrs);
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      channel.close();
      throw new IOException(path + ": the lock file is not a regular file; remove it");
    }
    return channel;
  }

  private static IOException timedOut(Path path, Duration timeout, String who) {
    return new IOException(
        "cannot lock " + path + ": " + who + " has held it for " + timeout.toMillis()
            + " ms (promjob.textfile.lock_timeout); is a writer of this job stuck?");
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // the lock goes with the descriptor
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      local.release();
    }
  }
}
