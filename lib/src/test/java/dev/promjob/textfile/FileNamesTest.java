package dev.promjob.textfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.promjob.Job;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

  @Test
  void plainNamesStayReadable() {
    assertEquals("db_backup.prom", FileNames.fileName(Job.machineBound("db_backup").build()));
    assertEquals(
        "db-backup.v2@database=users@zone=eu-1.prom",
        FileNames.fileName(
            Job.machineBound("db-backup.v2")
                .groupingLabel("zone", "eu-1")
                .groupingLabel("database", "users")
                .build()));
  }

  @Test
  void upperCaseIsMarkedAndTheCharactersAroundEachRangeAreEncoded() {
    // The ends of each plain range, and the bytes just outside them.
    assertEquals(
        "!a!zaz09_-.@k=%40%5B%60%7B%2F%3A",
        FileNames.base(Job.machineBound("AZaz09_-.").groupingLabel("k", "@[`{/:").build()));
    assertEquals(
        "AZaz09_-.@k=%40%5B%60%7B%2F%3A", // promjob 0.1's names kept upper case as it was
        FileNames.legacyBase(Job.machineBound("AZaz09_-.").groupingLabel("k", "@[`{/:").build()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        ".",
        "../../etc/passwd",
        "a/b",
        "a\\b",
        "C:x",
        "/abs",
        "..\\..\\x",
        "~",
        ".hidden",
        "NUL",
        "a b",
        "a%2Fb",
        "con.prom",
        "ü"
      })
  void neverLeavesTheDirectory(String name) throws IOException {
    for (Configuration c : List.of(Configuration.unix(), Configuration.windows())) {
      try (FileSystem fs = Jimfs.newFileSystem(c)) {
        Path dir = fs.getRootDirectories().iterator().next().resolve("textfiles");
        for (Job job :
            List.of(
                Job.machineBound(name).build(),
                Job.machineBound("j").groupingLabel("v", name).build())) {
          String file = FileNames.fileName(job);
          Path p = dir.resolve(file);
          assertEquals(dir, p.getParent(), file);
          assertEquals(p, p.normalize(), file);
          assertEquals(1, fs.getPath(file).getNameCount(), file);
          assertThat(file).as("hidden: " + file).doesNotStartWith(".");
          assertThat(file).endsWith(".prom");
          assertTrue(file.matches("([a-z0-9_.@=~!-]|%[0-9A-F]{2})+"), file);
        }
      }
    }
  }

  @Test
  void isInjectiveOnLookAlikes() {
    List<Job> jobs =
        List.of(
            Job.machineBound("a@b=c").build(),
            Job.machineBound("a").groupingLabel("b", "c").build(),
            Job.machineBound("a/b").build(),
            Job.machineBound("a%2Fb").build(),
            Job.machineBound("a_b").build(),
            Job.machineBound("a b").build(),
            Job.machineBound("a").groupingLabel("b", "c@d=e").build(),
            Job.machineBound("a").groupingLabel("b", "c").groupingLabel("d", "e").build());
    Set<String> names = new HashSet<>();
    for (Job j : jobs) {
      assertTrue(names.add(FileNames.fileName(j)), FileNames.fileName(j));
    }
  }

  @Test
  void longNamesAreCutAndHashedDeterministically() {
    Job a = Job.machineBound("x".repeat(200)).groupingLabel("v", "1").build();
    Job b = Job.machineBound("x".repeat(200)).groupingLabel("v", "2").build();
    String fa = FileNames.fileName(a);
    assertEquals(
        fa, FileNames.fileName(Job.machineBound("x".repeat(200)).groupingLabel("v", "1").build()));
    assertNotEquals(fa, FileNames.fileName(b));
    assertTrue(fa.length() <= FileNames.MAX_BASE + 5, fa);
    assertThat(fa).startsWith("x".repeat(120) + "~");
    // Every byte of a unicode name is encoded: 4 bytes -> 12 chars.
    assertTrue(
        FileNames.fileName(Job.machineBound("🎉".repeat(100)).build()).length()
            <= FileNames.MAX_BASE + 5);
  }
}
