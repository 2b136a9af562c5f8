package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The temp-name grammar the writer and the sweep share, and a sweep that cannot look. */
class SweepTest {
  @TempDir Path dir;

  @Test
  void aTempNameCarriesItsWritersPid() {
    String name = Temp.name("db_backup@database=users", 4242, "0123456789abcdef");
    assertThat(name).isEqualTo(".db_backup@database=users.4242.0123456789abcdef.promjob-tmp");
    assertThat(Temp.writerOf(name, "db_backup@database=users")).isEqualTo(OptionalLong.of(4242));
    assertThat(Temp.writerOf(".db.123456789012345678.0123456789abcdef.promjob-tmp", "db"))
        .isEqualTo(OptionalLong.of(123456789012345678L));
  }

  @Test
  void namesThatAreNotThisJobsTempsHaveNoWriter() {
    String base = "db";
    for (String other :
        new String[] {
          ".dbx.42.0123456789abcdef.promjob-tmp", // another job's, starting like ours
          ".db.x.42.0123456789abcdef.promjob-tmp", // job "db.x"
          ".db.42.0123456789abcdeg.promjob-tmp", // not promjob's random part
          ".db.42.0123456789abcde.promjob-tmp",
          ".db..0123456789abcdef.promjob-tmp",
          ".db.1234567890123456789.0123456789abcdef.promjob-tmp", // no such pid
          ".db.42.0123456789abcdef.promjob-tmpx",
          ".db.42.0123456789abcdef.prom",
          "db.42.0123456789abcdef.promjob-tmp",
          ".db.4a2.0123456789abcdef.promjob-tmp",
          ".db.-42.0123456789abcdef.promjob-tmp",
          ".db.\u0664\u0662.0123456789abcdef.promjob-tmp", // digits, but not ASCII ones
          ".db.42.0123456789ABCDEF.promjob-tmp",
          ".db.42.0123456789abcdef0.promjob-tmp",
          ".db.42.0123456789abcdef",
          ".db.42",
          ".db.",
        }) {
      assertThat(Temp.writerOf(other, base)).as(other).isEmpty();
    }
  }

  @Test
  void aDirectoryThatCannotBeListedIsLoggedNotThrown() {
    Path missing = dir.resolve("missing");
    try (LogCapture log = LogCapture.start()) {
      Temp.sweepDeadWriters(missing, "db");
      assertThat(log.messages())
          .containsExactly(
              "cannot look for stale temp files in "
                  + missing
                  + ": "
                  + missing
                  + ": no such file or directory");
    }
  }

  @Test
  void aDirectoryWithATempsNameIsNotOurs() throws IOException {
    Path notOurs =
        Files.createDirectory(dir.resolve(Temp.name("db", 1L << 40, "0123456789abcdef")));
    Temp.sweepDeadWriters(dir, "db");
    assertThat(notOurs).isDirectory();
  }
}
