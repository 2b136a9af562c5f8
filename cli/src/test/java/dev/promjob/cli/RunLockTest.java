package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Job;
import dev.promjob.textfile.TextfileBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  @TempDir Path dir;

  @Test
  void theLockOfATextfileJobIsBesideItsFileHiddenAndNotProm() throws IOException {
    TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
    Job job = Job.machineBound("Backup").groupingLabel("disk", "sda").build();

    Path lock = RunLock.pathOf(job, backend);

    assertThat(lock).isEqualTo(dir.resolve(".!backup@disk=sda.promjob-run-lock"));
  }

  @Test
  void heldItIsHeldAndReleasedItCanBeTakenAgain() throws Exception {
    Path path = dir.resolve(".x.promjob-run-lock");

    Optional<RunLock> first = RunLock.tryAcquire(path);
    assertThat(first).isPresent();
    // In one JVM the JDK refuses the overlap instead of returning no lock; across processes
    // (RunIT) the second run gets none.
    assertThatThrownBy(() -> RunLock.tryAcquire(path))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot lock " + path);
    first.get().close();

    Optional<RunLock> again = RunLock.tryAcquire(path);
    assertThat(again).isPresent();
    again.get().close();
    assertThat(path).exists(); // never removed: see RunLock
  }

  @Test
  void aLinkAtTheLockNameIsNeverFollowed() throws Exception {
    Path target = Files.writeString(dir.resolve("precious"), "keep");
    Path path = Files.createSymbolicLink(dir.resolve(".x.promjob-run-lock"), target);

    assertThatThrownBy(() -> RunLock.tryAcquire(path))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot open the run lock " + path)
        .hasMessageNotContaining("belongs to"); // this user's own link: no one else to name
    assertThat(Files.readString(target)).isEqualTo("keep");
  }
}
