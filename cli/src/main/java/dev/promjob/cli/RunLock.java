package dev.promjob.cli;

import dev.promjob.Job;
import dev.promjob.Reporter;
import dev.promjob.spi.Backend;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code --no-overlap}: one run of a job at a time, held for the whole run with an {@code fcntl}
 * lock, which the kernel releases when promjob dies however it dies. Never waited for: a run that
 * finds it held does not start.
 *
 * <p>The lock file is beside the job's textfile ({@code .<file without .prom>.promjob-run-lock},
 * hidden and not {@code .prom}, so node_exporter never reads it); for a job of another backend it
 * is in {@code java.io.tmpdir}, named by a hash of where the job reports. It is never removed:
 * removing a lock file lets a second run lock a new file while the first still holds the old one.
 */
final class RunLock implements AutoCloseable {
  static final String SUFFIX = ".promjob-run-lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Where the run lock of {@code job} lives. */
  static Path pathOf(Job job, Backend backend) {
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
      return Path.of(System.getProperty("java.io.tmpdir"), "promjob-" + id + SUFFIX);
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
