package dev.promjob.textfile;

import dev.promjob.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What every change of a job's file goes through: the directory checked, the job's lock held, the
 * temps of dead writers swept, and the directory forced once the change is made. One writer of a
 * job at a time reads the previous file and renames, across threads and processes.
 */
final class UnderLock {
  /** A change of {@code target} made under the lock; false if it changed nothing. */
  @FunctionalInterface
  interface Change {
    boolean make(Path target) throws IOException;
  }

  private final Path directory;
  private final AtomicReplace replace;
  private final Duration lockTimeout;

  UnderLock(Path directory, AtomicReplace replace, Duration lockTimeout) {
    this.directory = directory;
    this.replace = replace;
    this.lockTimeout = lockTimeout;
  }

  @SuppressWarnings("try") // the lock is held by the try block, never used in it
  void change(Job job, String verb, Change change) throws IOException {
    Path target = directory.resolve(FileNames.fileName(job));
    replace.requireDirectory();
    String base = FileNames.base(job);
    boolean changed;
    try (JobLock lock = lock(base, verb + " " + target)) {
      Temp.sweepDeadWriters(directory, base);
      changed = change.make(target);
    }
    if (changed) {
      replace.forceDirectory();
    }
  }

  private JobLock lock(String base, String what) throws IOException {
    try {
      return JobLock.acquire(directory, base, lockTimeout);
    } catch (IOException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
  }
}
