package dev.promjob.textfile;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One writer of a job's file at a time, across threads and processes, from reading the previous
 * file to the rename: overlapping runs (a slow cron job and its next run) would otherwise both read
 * the same previous file, and the later rename would write back an older last success.
 *
 * <p>The lock is {@code .<base>.promjob-lock} beside the file (hidden, not {@code .prom}:
 * node_exporter never reads it), locked with {@code fcntl} so that a writer that dies releases it.
 * On Linux the holder removes it when done; a waiter that opened or locked it starts over on the
 * new one. Where the open file cannot be named ({@code /proc/self/fd}), it stays. Both waits are
 * bounded: a writer that cannot get the lock in time fails its report, naming the lock file.
 */
final class JobLock implements AutoCloseable {
  static final String SUFFIX = ".promjob-lock";

  /** In this JVM, fcntl locks do not exclude threads (the JDK refuses the overlap instead). */
  private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  /** Polled only behind another channel of this JVM (rare: not promjob's), so a fixed pause. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Semaphore local;

  /** Holds the fcntl lock: closing the channel releases it. */
  private final FileChannel channel;

  /** The open lock file's own name, where the platform has one: then it is removed after use. */
  private final Path self;

  private final Path path;

  private JobLock(Semaphore local, FileChannel channel, Path self, Path path) {
    this.local = local;
    this.channel = channel;
    this.self = self;
    this.path = path;
  }

  static Path pathOf(Path directory, String base) {
    return directory.resolve("." + base + SUFFIX);
  }

  static JobLock acquire(Path directory, String base, Duration timeout) throws IOException {
    return acquire(directory, base, timeout, LockRace.NONE);
  }

  /** As above, with {@code race} run where another writer's removal of the file can come. */
  static JobLock acquire(Path directory, String base, Duration timeout, LockRace race)
      throws IOException {
    Path path = pathOf(directory, base);
    long end = System.nanoTime() + timeout.toNanos();
    // Fair: threads of one process take turns in arrival order, so none waits out its timeout
    // while the others barge ahead (16 writers of one job starved one for 10 s without it).
    // putIfAbsent, not computeIfAbsent with a lambda: a lambda costs a cold process about 1 ms.
    Semaphore fresh = new Semaphore(1, true);
    Semaphore held = IN_PROCESS.putIfAbsent(path.toAbsolutePath().normalize(), fresh);
    Semaphore local = held == null ? fresh : held;
    try {
      if (!local.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw timedOut(path, timeout, "another thread of this process");
      }
    } catch (InterruptedException e) {
      throw interrupted(path, e);
    }
    FileChannel channel = null;
    try {
      while (true) {
        channel = open(path);
        race.opened(path);
        // Now the file through its descriptor only: the last holder may remove the name any time.
        Path self = OpenFiles.procName(path);
        requireRegular(self, path);
        lockWithin(channel, end, path, timeout);
        if (self == null || stillNamed(path, self)) {
          // Without a name for the open file, the lock file is never removed: it is the one named.
          return new JobLock(local, channel, self, path);
        }
        // The holder before us removed the file we waited on: lock the one the name holds now.
        channel.close();
        channel = null;
        if (end - System.nanoTime() < 0) {
          throw timedOut(path, timeout, "another process");
        }
      }
    } catch (InterruptedException | ClosedByInterruptException e) {
      // ClosedByInterrupt: the caller's interrupt came during an I/O step rather than the wait.
      closeQuietly(channel);
      local.release();
      throw interrupted(path, e);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      local.release();
      throw e;
    }
  }

  private static IOException interrupted(Path path, Exception cause) {
    Thread.currentThread().interrupt(); // the caller's interrupt is theirs to see
    return new IOException("interrupted while waiting for the lock " + path, cause);
  }

  /**
   * The file lock, waiting at most until {@code end}. The wait is in the kernel ({@code F_SETLKW}),
   * which hands the lock to waiters as holders release it: polling would lose nearly every race
   * against a busy process and could wait out its whole timeout. A timer interrupts the wait at the
   * deadline (FileChannel's lock is interruptible); a deadline already past interrupts it at once.
   */
  private static void lockWithin(FileChannel channel, long end, Path path, Duration timeout)
      throws IOException, InterruptedException {
    if (tryLock(channel)) {
      return;
    }
    Thread waiter = Thread.currentThread();
    AtomicInteger state = new AtomicInteger(WAITING);
    ScheduledFuture<?> alarm =
        Alarm.TIMER.schedule(
            () -> {
              if (state.compareAndSet(WAITING, FIRED)) {
                waiter.interrupt();
              }
            },
            end - System.nanoTime(),
            TimeUnit.NANOSECONDS);
    try {
      waitFor(channel);
    } catch (ClosedByInterruptException | FileLockInterruptionException | InterruptedException e) {
      if (state.getAndSet(DONE) == FIRED) {
        Thread.interrupted(); // our own alarm, not the caller's interrupt
        throw timedOut(path, timeout, "another process");
      }
      throw new InterruptedException("interrupted while waiting for the lock " + path);
    } finally {
      alarm.cancel(false);
    }
    if (state.getAndSet(DONE) == FIRED) {
      Thread.interrupted(); // the alarm went off as the lock came: it was not meant for later
    }
  }

  private static void waitFor(FileChannel channel) throws IOException, InterruptedException {
    try {
      channel.lock();
    } catch (OverlappingFileLockException sameJvm) {
      // Another channel of this JVM holds it (not promjob's: the semaphore is held). The JDK
      // refuses to wait for it: poll, until the lock comes or the alarm interrupts the sleep.
      while (!tryLock(channel)) {
        TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
      }
    }
  }

  private static final int WAITING = 0;
  private static final int DONE = 1;
  private static final int FIRED = 2;

  /** Made on first contention only: an uncontended write starts no thread. */
  private static final class Alarm {
    static final ScheduledExecutorService TIMER =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "promjob-lock-deadline");
              t.setDaemon(true);
              return t;
            });
  }

  private static boolean tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock() != null;
    } catch (OverlappingFileLockException e) {
      return false; // another channel of this JVM holds it: busy
    }
  }

  /** True if {@code path} still names the file open as {@code self}. */
  static boolean stillNamed(Path path, Path self) throws IOException {
    try {
      Object named =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      Object open = Files.readAttributes(self, BasicFileAttributes.class).fileKey();
      return named != null && named.equals(open);
    } catch (java.nio.file.NoSuchFileException removed) {
      return false;
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
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))
            }
            : new FileAttribute<?>[0];
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              path,
              Set.<OpenOption>of(
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              attrs);
    } catch (IOException e) {
      throw new IOException(
          "cannot create or open the lock file of the job in "
              + path.getParent()
              + ": "
              + IoMessages.detail(e),
          e);
    }
    return channel;
  }

  /**
   * Refuses a lock file that is not a regular file (a FIFO, a device), judged by the open file's
   * {@code self} where it has one; without it (no procfs) no lock file is removed: the name holds
   * it.
   */
  private static void requireRegular(Path self, Path path) throws IOException {
    BasicFileAttributes a =
        self != null
            ? Files.readAttributes(self, BasicFileAttributes.class)
            : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new IOException(path + ": the lock file is not a regular file; remove it");
    }
  }

  private static IOException timedOut(Path path, Duration timeout, String who) {
    return new IOException(
        "cannot lock "
            + path
            + ": "
            + who
            + " has held it for "
            + timeout.toMillis()
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

  /**
   * Removes the lock file (where its identity can be checked: a waiter that locked the removed file
   * sees that the name no longer holds it and starts over), then releases the lock.
   */
  @Override
  @SuppressWarnings("try") // the channel is closed by the try, never used in the block
  public void close() throws IOException {
    try (FileChannel held = channel) {
      if (self != null) {
        Files.deleteIfExists(path);
      }
    } finally {
      local.release(); // last: the next thread of this process may go only once the lock is free
    }
  }
}
