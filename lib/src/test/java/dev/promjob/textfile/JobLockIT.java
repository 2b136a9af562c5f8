package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.JavaChild;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock across processes: a writer blocked in the kernel's lock wait is woken when another
 * process releases, and a wait that outlives its timeout ends at the deadline, naming the lock.
 */
class JobLockIT {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("try") // the lock is held by the try block
  void anotherProcesssLockIsWaitedForUntilItsReleaseOrTheDeadline() throws Exception {
    Process holder =
        new ProcessBuilder(JavaChild.command(LockHolderChild.class, false, dir.toString(), "job"))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS)).isEqualTo("LOCKED");
      assertThatThrownBy(() -> JobLock.acquire(dir, "job", Duration.ofMillis(400)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another process has held it for 400 ms");
      assertThat(Thread.currentThread().isInterrupted()).as("the deadline's interrupt is not left behind").isFalse();
      CompletableFuture<String> got =
          CompletableFuture.supplyAsync(() -> {
            try (JobLock lock = JobLock.acquire(dir, "job", Duration.ofSeconds(30))) {
              return "ACQUIRED";
            } catch (IOException e) {
              return e.toString();
            }
          });
      holder.getOutputStream().close(); // the holder releases
      assertThat(got.get(60, TimeUnit.SECONDS)).isEqualTo("ACQUIRED");
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(JobLock.pathOf(dir, "job"))).as("removed by its last holder").isFalse();
    } finally {
      holder.destroyForcibly();
    }
  }

  private static String readLine(BufferedReader r) {
    try {
      String line = r.readLine();
      return line == null ? "EOF" : line;
    } catch (IOException e) {
      return e.toString();
    }
  }
}
