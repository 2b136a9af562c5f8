package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.OpenDescriptors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
      assertThat(OpenFiles.procName(path))
          .as("the open file keeps its name once removed")
          .isEqualTo(self);
      assertThat(JobLock.stillNamed(path, self)).isFalse();
      Files.createFile(path);
      assertThat(JobLock.stillNamed(path, self)).as("another file at the name").isFalse();
    }
  }

  @Test
  void aLockFileRemovedByItsHolderRightAfterTheOpenIsStartedOverOnTheFileTheNameHolds()
      throws IOException {
    Path path = JobLock.pathOf(dir, "job");
    List<Object> opened = new ArrayList<>();
    // The holder before us removes the file just after we opened it (its close, as it finishes):
    // everything this writer did next by name failed with NoSuchFileException, or locked a file
    // that no name holds any more, beside a third writer on the new one.
    LockRace holderRemovesIt =
        p -> {
          opened.add(fileKey(p));
          if (opened.size() == 1) {
            Files.delete(p);
          }
        };
    try (JobLock lock = JobLock.acquire(dir, "job", Duration.ofSeconds(5), holderRemovesIt)) {
      // (The new file may reuse the removed one's inode: it was closed before the new open.)
      assertThat(opened).as("started over once, on a new file").hasSize(2);
      assertThat(fileKey(path))
          .as("the name holds the file opened second")
          .isEqualTo(opened.get(1));
      assertThat(OpenDescriptors.under(dir))
          .as("the removed file is closed; the named one is held")
          .containsExactly(dir.toRealPath().resolve(".job.promjob-lock").toString());
      try (FileChannel other = FileChannel.open(path, StandardOpenOption.WRITE)) {
        assertThatThrownBy(other::tryLock)
            .as("this JVM holds the lock of the file the name holds")
            .isInstanceOf(OverlappingFileLockException.class);
      }
    }
    assertThat(Files.exists(path)).as("removed by its holder").isFalse();
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }

  @Test
  void aLockFileRemovedAfterEveryOpenEndsAtTheDeadlineNamingTheLock() {
    Path path = JobLock.pathOf(dir, "job");
    AtomicInteger opens = new AtomicInteger();
    LockRace alwaysRemoved =
        p -> {
          opens.incrementAndGet();
          Files.delete(p);
        };
    assertThatThrownBy(() -> JobLock.acquire(dir, "job", Duration.ofMillis(200), alwaysRemoved))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot lock "
                + path
                + ": another process has held it for 200 ms"
                + " (promjob.textfile.lock_timeout); is a writer of this job stuck?");
    assertThat(opens.get()).as("started over until the deadline").isGreaterThan(1);
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }

  @Test
  void aLockFileReplacedByAFifoAfterTheOpenIsRefusedOnceTheNameIsOpened() throws IOException {
    Path path = JobLock.pathOf(dir, "job");
    AtomicInteger opens = new AtomicInteger();
    LockRace replacedByAFifo =
        p -> {
          if (opens.incrementAndGet() == 1) {
            Files.delete(p);
            try {
              SpecialFilesTest.mkfifo(p);
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          }
        };
    assertThatThrownBy(() -> JobLock.acquire(dir, "job", Duration.ofSeconds(5), replacedByAFifo))
        .isInstanceOf(IOException.class)
        .hasMessage(path + ": the lock file is not a regular file; remove it");
    assertThat(opens.get()).as("the removed regular file, then the FIFO").isEqualTo(2);
    assertThat(OpenDescriptors.under(dir)).isEmpty();
  }

  private static Object fileKey(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
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
