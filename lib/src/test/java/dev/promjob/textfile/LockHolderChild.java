package dev.promjob.textfile;

import java.nio.file.Path;
import java.time.Duration;

/** Holds a job's lock in a JVM of its own until its standard input ends: {@link JobLockIT}. */
public final class LockHolderChild {
  private LockHolderChild() {}

  @SuppressWarnings("try") // the lock is held by the try block
  public static void main(String[] args) throws Exception {
    try (JobLock lock = JobLock.acquire(Path.of(args[0]), args[1], Duration.ofSeconds(30))) {
      System.out.println("LOCKED");
      System.out.flush();
      while (System.in.read() >= 0) {
        // held until the parent closes our input
      }
    }
    System.out.println("RELEASED");
  }
}
