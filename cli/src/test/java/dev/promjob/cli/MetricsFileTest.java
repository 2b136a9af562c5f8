package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.testing.OpenDescriptors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
  @TempDir Path tmp;

  @Test
  void theFileIsEmptyPrivateAndInADirectoryOfItsOwnThatCloseRemoves() throws Exception {
    Path dir;
    try (MetricsFile f = MetricsFile.create(tmp)) {
      dir = f.path().getParent();
      assertThat(dir.getParent()).isEqualTo(tmp);
      assertThat(dir.getFileName().toString()).startsWith("promjob-run-");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())))
          .isEqualTo("rw-------");
      assertThat(f.read()).isEmpty();
      Files.writeString(f.path(), "# HELP q Q.\nq 1\n");
      assertThat(new String(f.read(), StandardCharsets.UTF_8)).isEqualTo("# HELP q Q.\nq 1\n");
      // What the command left beside it, a link out of the directory included.
      Files.createDirectories(dir.resolve("sub/deeper"));
      Files.writeString(dir.resolve("sub/deeper/x"), "x");
      Path outside = Files.writeString(tmp.resolve("outside"), "kept");
      Files.createSymbolicLink(dir.resolve("sub/link"), tmp);
      Files.createSymbolicLink(dir.resolve("file-link"), outside);
    }
    assertThat(dir).doesNotExist();
    assertThat(tmp.resolve("outside")).hasContent("kept"); // links are removed, never followed
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("outside");
    }
  }

  @Test
  void closingLeavesNoDescriptorOpen() throws Exception {
    try (MetricsFile f = MetricsFile.create(tmp)) {
      // the file, held for the whole run
      assertThat(OpenDescriptors.under(tmp)).containsExactly(f.path().toRealPath().toString());
    }
    assertThat(OpenDescriptors.under(tmp)).isEmpty();
  }

  @Test
  void twoRunsGetTwoFiles() throws Exception {
    try (MetricsFile a = MetricsFile.create(tmp);
        MetricsFile b = MetricsFile.create(tmp)) {
      assertThat(a.path()).isNotEqualTo(b.path());
    }
  }

  @Test
  void aFileDeletedOrReplacedIsRefusedNamingWhatTheCommandDid() throws Exception {
    try (MetricsFile f = MetricsFile.create(tmp)) {
      Files.delete(f.path());
      assertThatThrownBy(f::read)
          .isInstanceOf(MetricsFile.Refused.class)
          .hasMessage("the command deleted the file: write into it, do not remove it");

      Path other = Files.writeString(f.path().resolveSibling("new"), "# HELP q Q.\nq 1\n");
      Files.move(other, f.path(), StandardCopyOption.ATOMIC_MOVE);
      assertThatThrownBy(f::read)
          .isInstanceOf(MetricsFile.Refused.class)
          .hasMessage(
              "the command replaced the file (renamed another over it): write into the file"
                  + " itself");

      Files.delete(f.path());
      Files.createSymbolicLink(f.path(), other.resolveSibling("new"));
      assertThatThrownBy(f::read)
          .isInstanceOf(MetricsFile.Refused.class)
          .hasMessage("the command replaced the file with a symbolic link: links are not followed");

      Files.delete(f.path());
      Files.createDirectory(f.path());
      assertThatThrownBy(f::read)
          .isInstanceOf(MetricsFile.Refused.class)
          .hasMessageContaining("the command replaced the file with a directory");
    }
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    try (MetricsFile f = MetricsFile.create(tmp)) {
      Files.delete(f.path());
      Process mkfifo = new ProcessBuilder("mkfifo", f.path().toString()).start();
      assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.isRegularFile(f.path(), LinkOption.NOFOLLOW_LINKS)).isFalse();

      // Opening it would block until a writer came: the read returns at once instead.
      assertThatThrownBy(f::read)
          .isInstanceOf(MetricsFile.Refused.class)
          .hasMessage(
              "the command replaced the file with a FIFO, socket or device: only a regular file"
                  + " is read");
    }
  }

  @Test
  void aFileOverTheLimitIsRefusedOneAtTheLimitIsRead() throws Exception {
    try (MetricsFile f = MetricsFile.create(tmp)) {
      Files.write(f.path(), new byte[MetricsFile.MAX_BYTES]);
      assertThat(f.read()).hasSize(MetricsFile.MAX_BYTES);

      Files.write(f.path(), new byte[MetricsFile.MAX_BYTES + 1]);
      assertThatThrownBy(f::read)
          .isInstanceOf(MetricsFile.Refused.class)
          .hasMessage("larger than 1 MiB: not a job's own metrics");
    }
  }

  @Test
  void aDirectoryThatCannotBeMadeIsNamed() {
    Path missing = tmp.resolve("missing");

    assertThatThrownBy(() -> MetricsFile.create(missing))
        .hasMessageStartingWith("cannot make the directory of PROMJOB_METRICS_FILE in ")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aDirectoryThatCannotBeMadeInAnExistingBaseSaysWhyNot() throws Exception {
    // A base whose path leaves no room for the directory's name: mkdir fails with ENAMETOOLONG,
    // whoever runs the test (root is refused no permission).
    Path base = tmp;
    while (base.toString().length() < 4000) {
      base = base.resolve("d".repeat(200));
    }
    base = Files.createDirectories(base.resolve("d".repeat(4080 - base.toString().length())));

    Path existing = base;
    assertThatThrownBy(() -> MetricsFile.create(existing))
        .hasMessage(
            "cannot make the directory of PROMJOB_METRICS_FILE in "
                + existing
                + ": file name too long");
  }

  @Test
  void aTakenNameIsSkippedAndTheNextTried() throws Exception {
    Path taken = Files.createDirectory(tmp.resolve("promjob-run-1"));
    Files.writeString(taken.resolve("metrics.prom"), "planted");
    long[] next = {1, 1, 2};
    int[] i = {0};

    try (MetricsFile f = MetricsFile.create(tmp, () -> next[i[0]++])) {
      assertThat(f.path()).isEqualTo(tmp.resolve("promjob-run-2/metrics.prom"));
      assertThat(f.read()).isEmpty();
    }
    assertThat(Files.readString(taken.resolve("metrics.prom"))).isEqualTo("planted");
  }

  @Test
  void namesAllTakenGiveUpAfterTheAttempts() throws Exception {
    Files.createDirectory(tmp.resolve("promjob-run-7"));
    int[] calls = {0};

    assertThatThrownBy(
            () ->
                MetricsFile.create(
                    tmp,
                    () -> {
                      calls[0]++;
                      return 7;
                    }))
        .hasMessage(
            "cannot make the directory of PROMJOB_METRICS_FILE in "
                + tmp
                + ": 100 names tried, all taken");
    assertThat(calls[0]).isEqualTo(MetricsFile.ATTEMPTS);
  }

  @Test
  void theBaseIsTmpdirWhenItIsAnAbsolutePathAsMktempHasIt() {
    Path jvms = Path.of(System.getProperty("java.io.tmpdir"));

    assertThat(MetricsFile.base("/var/tmp")).isEqualTo(Path.of("/var/tmp"));
    assertThat(MetricsFile.base(null)).isEqualTo(jvms);
    assertThat(MetricsFile.base("")).isEqualTo(jvms);
    assertThat(MetricsFile.base("relative")).isEqualTo(jvms);
  }
}
