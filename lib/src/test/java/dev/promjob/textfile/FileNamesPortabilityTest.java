package dev.promjob.textfile;

import static dev.promjob.textfile.TextfileBackendTest.T0;
import static dev.promjob.textfile.TextfileBackendTest.report;
import static dev.promjob.textfile.TextfileBackendTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.BatchMetrics;
import dev.promjob.Job;
import dev.promjob.Outcome;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File names that stay one per job where case is ignored, that Windows can create, and upgrades.
 */
class FileNamesPortabilityTest {
  enum Fs {
    WINDOWS,
    MACOS,
    UNIX
  }

  static FileSystem fs(Fs fs) {
    return Jimfs.newFileSystem(
        switch (fs) {
          case WINDOWS -> Configuration.windows();
          case MACOS -> Configuration.osX();
          case UNIX -> Configuration.unix();
        });
  }

  static Path dir(FileSystem fs) throws IOException {
    return Files.createDirectories(fs.getRootDirectories().iterator().next().resolve("textfile"));
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void jobsThatDifferOnlyInCaseKeepTheirOwnFiles(Fs kind) throws IOException {
    try (FileSystem fs = fs(kind)) {
      Path dir = dir(fs);
      TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
      List<Job> jobs =
          List.of(
              Job.machineBound("backup").build(),
              Job.machineBound("Backup").build(),
              Job.machineBound("BACKUP").build(),
              Job.machineBound("backup").groupingLabel("db", "Users").build(),
              Job.machineBound("backup").groupingLabel("db", "users").build());
      for (int i = 0; i < jobs.size(); i++) {
        backend.report(report(jobs.get(i), Outcome.SUCCESS, T0.plusSeconds(i)));
      }
      Set<String> folded = new HashSet<>();
      for (int i = 0; i < jobs.size(); i++) {
        Path file = backend.fileOf(jobs.get(i));
        assertThat(folded.add(file.getFileName().toString().toLowerCase(Locale.ROOT)))
            .as(file.toString())
            .isTrue();
        assertThat(value(file, BatchMetrics.LAST_SUCCESS))
            .as(file.toString())
            .isEqualTo(T0.plusSeconds(i).getEpochSecond());
      }
      assertThat(backend.fileOf(jobs.get(1)).getFileName().toString()).isEqualTo("!backup.prom");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CON", "con", "nul", "NUL", "aux", "Aux", "com1", "COM9", "lpt1", "LPT0", "prn", "con.x",
        "nul.txt"
      })
  void windowsDeviceNamesNeverBecomeFileNames(String name) throws IOException {
    String file = FileNames.fileName(Job.machineBound(name).build());
    String first = file.substring(0, file.indexOf('.')).toLowerCase(Locale.ROOT);
    assertThat(first)
        .isNotIn("con", "prn", "aux", "nul", "com0", "com1", "com9", "lpt0", "lpt1", "lpt9");
    try (FileSystem fs = fs(Fs.WINDOWS)) {
      Path dir = dir(fs);
      TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
      backend.report(report(Job.machineBound(name).build(), Outcome.SUCCESS, T0));
      assertThat(backend.fileOf(Job.machineBound(name).build()).getFileName().toString())
          .isEqualTo(file);
    }
  }

  @ParameterizedTest
  @EnumSource(Fs.class)
  void theFirstWriteUnderANewNameRemovesTheOldFileAndKeepsItsLastSuccess(Fs kind)
      throws IOException {
    try (FileSystem fs = fs(kind)) {
      Path dir = dir(fs);
      TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
      Job upper = Job.machineBound("Backup").build();
      Path legacy = dir.resolve(FileNames.legacyBase(upper) + FileNames.SUFFIX);
      assertThat(legacy.getFileName().toString()).isEqualTo("Backup.prom");
      // What promjob 0.1 left: the same content, under the old name.
      backend.report(report(upper, Outcome.SUCCESS, T0));
      Files.move(backend.fileOf(upper), legacy);
      backend.report(report(upper, Outcome.FAILURE, T0.plusSeconds(60)));
      assertThat(value(backend.fileOf(upper), BatchMetrics.LAST_SUCCESS))
          .isEqualTo(T0.getEpochSecond());
      try (var s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".prom")))
            .containsExactly("!backup.prom");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Fs.class,
      names = {"UNIX"})
  void deleteRemovesTheJobsFileOfItsOldNameToo(Fs kind) throws IOException {
    try (FileSystem fs = fs(kind)) {
      Path dir = dir(fs);
      TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
      Job upper = Job.machineBound("Backup").build();
      Path legacy = dir.resolve(FileNames.legacyBase(upper) + FileNames.SUFFIX);
      backend.report(report(upper, Outcome.SUCCESS, T0));
      Files.copy(backend.fileOf(upper), legacy);
      backend.delete(upper);
      assertThat(Files.exists(legacy)).isFalse();
      assertThat(Files.exists(backend.fileOf(upper))).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Fs.class,
      names = {"WINDOWS", "MACOS"})
  void anOldNameThatFoldsOntoAnotherJobsFileLeavesItAlone(Fs kind) throws IOException {
    try (FileSystem fs = fs(kind)) {
      Path dir = dir(fs);
      TextfileBackend backend = TextfileBackend.builder().directory(dir).build();
      Job lower = Job.machineBound("backup").build();
      Job upper = Job.machineBound("Backup").build();
      backend.report(report(lower, Outcome.SUCCESS, T0));
      // Backup's old name Backup.prom is backup.prom here: it is not Backup's file to remove.
      backend.report(report(upper, Outcome.FAILURE, T0.plusSeconds(60)));
      backend.delete(upper);
      assertThat(value(backend.fileOf(lower), BatchMetrics.LAST_SUCCESS))
          .isEqualTo(T0.getEpochSecond());
    }
  }

  @org.junit.jupiter.api.Test
  void eachCharacterAtTheEdgeOfARangeIsEncodedOrKept() {
    // Plain: a-z 0-9 _ - and a dot that is not first; A-Z as '!' and the letter; the rest %XX.
    String[][] cases = {
      {"az09_-", "az09_-"},
      {"AZ", "!a!z"},
      {"a.b", "a.b"},
      {".a", ".a"},
      {"`", "%60"},
      {"{", "%7B"},
      {"@", "%40"},
      {"[", "%5B"},
      {"/", "%2F"},
      {":", "%3A"},
      {"^", "%5E"},
      {",", "%2C"},
      {"~", "%7E"},
      {"!", "%21"},
      {"%", "%25"}
    };
    for (String[] c : cases) {
      assertThat(FileNames.base(Job.machineBound("j").groupingLabel("v", c[0]).build()))
          .as(c[0])
          .isEqualTo("j@v=" + c[1]);
    }
    assertThat(FileNames.legacyBase(Job.machineBound("Ab").build())).isEqualTo("Ab");
    assertThat(FileNames.base(Job.machineBound(".a").build())).as("never hidden").isEqualTo("%2Ea");
    assertThat(FileNames.base(Job.machineBound("con1").build())).isEqualTo("con1");
    assertThat(FileNames.base(Job.machineBound("com1").build())).isEqualTo("%63om1");
    assertThat(FileNames.base(Job.machineBound("co").build())).isEqualTo("co");
  }

  @org.junit.jupiter.api.Test
  void longNamesAreCutAtTheirLimitAndHashed() {
    String exact = "a".repeat(FileNames.MAX_BASE);
    assertThat(FileNames.base(Job.machineBound(exact).build())).isEqualTo(exact);
    String longer = FileNames.base(Job.machineBound(exact + "b").build());
    assertThat(longer)
        .hasSize(120 + 1 + 16)
        .startsWith("a".repeat(120) + "~")
        .matches(".*~[0-9a-f]{16}");
  }
}
