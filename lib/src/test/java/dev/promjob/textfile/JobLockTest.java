package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.OpenDescriptors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-job lock: bounded waits, released on close, removed by its holder where it can be. */
@SuppressWarnings("try") // locks held by try blocks
class JobLockTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("try")
  void waitsForAnotherHolderOfTheFileThenGivesUpNamingIt() throws IOException {
    Path path = JobLock.pathOf(dir, "job");
    try (FileChannel other =
            FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = other.lock()) {
      // Another holder of the file lock (here another channel of this JVM, as another process).
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> JobLock.acquire(dir, "job", Duration.ofMillis(300)))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "cannot lock "
                  + path
                  + ": another process has held it for 300 ms"
                  + " (promjob.textfile.lock_timeout); is a writer of this job stuck?");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(OpenDescriptors.under(dir)).as("only the other holder's descriptor").hasSize(1);
    }
    try (JobLock again = JobLock.acquire(dir, "job", Duration.ofSeconds(5))) {
      assertThat(Files.exists(path)).isTrue();
    }
  }

  @Test
  void isReleasedAndRemovedOnClose() throws IOException {
    Path path = JobLock.pathOf(dir, "job");
    JobLock first = JobLock.acquire(dir, "job", Duration.ofSeconds(5));
    assertThat(Files.isRegularFile(path)).isTrue();
    first.close();
    assertThat(Files.exists(path)).as("removed by its holder on Linux").isFalse();
    assertThat(OpenDescriptors.under(dir)).as("closed, not only unlocked").isEmpty();
    for (int i = 0; i < 3; i++) {
      JobLock next = JobLock.acquire(dir, "job", Duration.ofMillis(200)); // free at once, each time
      next.close();
    }
    try (FileChannel c = FileChannel.open(Files.createFile(path), StandardOpenOption.WRITE)) {
      assertThat(c.tryLock()).as("nothing holds it any more").isNotNull();
    }
  }

  @Test
  void aFailedAcquireLeavesTheLockFree() throws IOException {
    Path blocker = Files.createDirectory(JobLock.pathOf(dir, "job")); // not a regular file
    assertThatThrownBy(() -> JobLock.acquire(dir, "job", Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
    assertThat(OpenDescriptors.under(dir)).isEmpty();
    Files.delete(blocker);
    try (JobLock ok = JobLock.acquire(dir, "job", Duration.ofMillis(200))) {
      assertThat(Files.isRegularFile(JobLock.pathOf(dir, "job"))).isTrue();
    }
  }

  @Test
  void aLockFileRemovedOrReplacedUnderItsOpenFileIsNoLongerNamed() throws IOException {
    Path path = JobLock.pathOf(dir, "job");
    try (FileChannel c =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      Path self = OpenFiles.procName(path);
      assertThat(self).isNotNull();
      assertThat(JobLock.stillNamed(path, self)).isTrue();
      Files.delete(path);
      assertThat(JobLock.stillNamed(path, self)).isFalse();
      Files.createFile(path);
      assertThat(JobLock.stillNamed(path, self)).as("another file at the name").isFalse();
    }
  }

  @Test
  void aWriterInterruptedWhileWaitingStopsAndLeavesTheLockAsItWas() throws Exception {
    Path path = JobLock.pathOf(dir, "job");
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    for (boolean otherProcess : new boolean[] {false, true}) {
      try (FileChannel other =
              FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = otherProcess ? other.lock() : null;
          JobLock inProcess =
              otherProcess ? null : JobLock.acquire(dir, "job", Duration.ofSeconds(5))) {
        Thread waiter =
            new Thread(
                () -> {
                  try {
                    JobLock.acquire(dir, "job", Duration.ofSeconds(30)).close();
                  } catch (Throwable t) {
                    error.set(t);
                    interruptKept.set(Thread.currentThread().isInterrupted());
                  }
                });
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.isAlive()) {
          Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(error.get())
            .isInstanceOf(IOException.class)
            .hasMessage("interrupted while waiting for the lock " + path);
        assertThat(interruptKept).as("the caller's interrupt is left for it to see").isTrue();
        assertThat(OpenDescriptors.under(dir))
            .as("only the holders' descriptors")
            .hasSize(otherProcess ? 1 : 2);
        interruptKept.set(false);
      }
      try (JobLock free = JobLock.acquire(dir, "job", Duration.ofMillis(500))) {
        assertThat(free).as("nothing kept it").isNotNull();
      }
    }
  }

  @Test
  void aWriterPollingBehindAnotherChannelOfThisJvmGetsTheLockWhenItIsReleased() throws Exception {
    Path path = JobLock.pathOf(dir, "job");
    AtomicReference<Object> seen = new AtomicReference<>();
    try (FileChannel other =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock held = other.lock();
      Thread waiter =
          new Thread(
              () -> {
                try (JobLock lock = JobLock.acquire(dir, "job", Duration.ofSeconds(30))) {
                  seen.set("acquired");
                } catch (Throwable e) {
                  seen.set(e);
                }
              });
      waiter.start();
      while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.isAlive()) {
        Thread.onSpinWait(); // polling: the JDK refuses a second lock of one file in one JVM
      }
      held.release();
      waiter.join(30_000);
    }
    assertThat(seen.get()).isEqualTo("acquired");
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }
}
