package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.OpenDescriptors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock against another process (one child JVM for the class, told when to take and give back
 * the lock): the wait is in the kernel, it ends at the deadline or at the caller's interrupt, and a
 * writer whose holder removed the file it waited on locks the file the name holds now.
 *
 * <p>A unit test although it starts a JVM: the lock code under test runs in this one, so that the
 * mutation run (which sees this JVM only) checks it; no server is involved.
 */
@SuppressWarnings("try") // locks held by try blocks
class JobLockAcrossProcessesTest {
  @TempDir static Path dir;
  private static Process holder;
  private static BufferedReader answers;
  private static OutputStream commands;
  private static boolean locked;

  @BeforeAll
  static void startTheOtherProcess() throws IOException {
    holder =
        new ProcessBuilder(JavaChild.command(LockHolderChild.class, false, dir.toString(), "job"))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    answers =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    commands = holder.getOutputStream();
  }

  @AfterAll
  static void stopIt() throws InterruptedException {
    holder.destroyForcibly();
    holder.waitFor(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void theOtherProcessGivesItBack() throws Exception {
    if (locked) {
      tell("release", "RELEASED");
    }
  }

  private static void tell(String command, String answer) throws Exception {
    commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
    String got =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return answers.readLine();
                  } catch (IOException e) {
                    return e.toString();
                  }
                })
            .get(60, TimeUnit.SECONDS);
    assertThat(got).isEqualTo(answer);
    locked = answer.equals("LOCKED");
  }

  /** Waits (bounded) until {@code t} is blocked in the kernel's lock wait, F_SETLKW. */
  private static void awaitKernelWait(Thread t) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Arrays.stream(t.getStackTrace()).noneMatch(f -> f.getMethodName().equals("lock0"))) {
      assertThat(t.isAlive()).as("still waiting").isTrue();
      assertThat(System.nanoTime()).as("in the lock wait within 30 s").isLessThan(end);
      Thread.sleep(1);
    }
  }

  @Test
  void aWaitThatOutlivesItsTimeoutEndsAtTheDeadlineNamingTheLock() throws Exception {
    tell("lock", "LOCKED");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> JobLock.acquire(dir, "job", Duration.ofMillis(400)))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot lock "
                + JobLock.pathOf(dir, "job")
                + ": another process has held it for 400 ms"
                + " (promjob.textfile.lock_timeout); is a writer of this job stuck?");
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(Thread.interrupted()).as("the deadline's interrupt is not left behind").isFalse();
    assertThat(OpenDescriptors.under(dir)).as("the lock file opened to wait is closed").isEmpty();
  }

  @Test
  void aWriterWaitingInTheKernelLocksTheFileTheNameHoldsOnceTheOtherReleases() throws Exception {
    tell("lock", "LOCKED");
    AtomicReference<Object> seen = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try (JobLock lock = JobLock.acquire(dir, "job", Duration.ofSeconds(30))) {
                seen.set(OpenDescriptors.under(dir)); // while holding it
              } catch (Throwable e) {
                seen.set(e);
              }
            });
    waiter.start();
    awaitKernelWait(waiter);
    // The other process removes the lock file, then releases it: the file this writer waited on
    // is no longer the one named, so a third writer could lock the new one beside it.
    tell("release", "RELEASED");
    waiter.join(60_000);
    assertThat(seen.get())
        .isEqualTo(List.of(dir.toRealPath().resolve(".job.promjob-lock").toString()));
    assertThat(Files.exists(JobLock.pathOf(dir, "job"))).as("removed by its holder").isFalse();
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }

  @Test
  void theCallersInterruptEndsTheWaitAndIsKept() throws Exception {
    tell("lock", "LOCKED");
    AtomicReference<Object> seen = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                JobLock.acquire(dir, "job", Duration.ofSeconds(30)).close();
                seen.set("acquired");
              } catch (IOException e) {
                seen.set(List.of(e.getMessage(), Thread.currentThread().isInterrupted()));
              }
            });
    waiter.start();
    awaitKernelWait(waiter);
    waiter.interrupt();
    waiter.join(60_000);
    assertThat(seen.get())
        .isEqualTo(
            List.of("interrupted while waiting for the lock " + JobLock.pathOf(dir, "job"), true));
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }
}
