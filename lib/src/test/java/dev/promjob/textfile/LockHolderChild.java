package dev.promjob.textfile;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Takes and gives back a job's lock in a JVM of its own, on the commands {@code lock} and {@code
 * release} read from its standard input (answering {@code LOCKED} and {@code RELEASED}); it ends
 * with its input. The other process of {@link JobLockAcrossProcessesTest}.
 */
public final class LockHolderChild {
  private LockHolderChild() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    JobLock held = null;
    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("lock") && held == null) {
        held = JobLock.acquire(Path.of(args[0]), args[1], Duration.ofSeconds(30));
        System.out.println("LOCKED");
      } else if (line.equals("release") && held != null) {
        held.close();
        held = null;
        System.out.println("RELEASED");
      } else {
        System.out.println("UNEXPECTED " + line);
      }
      System.out.flush();
    }
    if (held != null) {
      held.close();
    }
  }
}
