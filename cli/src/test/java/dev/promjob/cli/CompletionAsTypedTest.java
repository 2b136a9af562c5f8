package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion given the words as bash gives them: readline splits a word at {@code =} and
 * {@code :} (COMP_WORDBREAKS), so {@code -Dpromjob.textfile.mode=0640} reaches {@code _promjob} as
 * three words (seen at a real bash 5.2 in tmux, where nothing completed after such a setting), and
 * {@code --job} is offered the names of the jobs, not their files' encoded names.
 */
class CompletionAsTypedTest {
  private static final Pattern BREAK = Pattern.compile("[=:]|[^=:]+");

  @TempDir Path dir;

  /** {@code _promjob}'s COMPREPLY for {@code words} split as readline splits them. */
  static List<String> completeAsTyped(Path work, String... words) throws Exception {
    List<String> split = new ArrayList<>();
    for (String w : words) {
      Matcher m = BREAK.matcher(w);
      boolean any = false;
      while (m.find()) {
        split.add(m.group());
        any = true;
      }
      if (!any) {
        split.add(w); // the empty word being completed
      }
    }
    return PackagingTest.complete(work, split.toArray(String[]::new));
  }

  @Test
  void aSettingBeforeTheSubcommandLeavesItsCompletion() throws Exception {
    assertThat(completeAsTyped(dir, "promjob", "-Dpromjob.textfile.mode=0640", "w"))
        .containsExactly("write");
    assertThat(completeAsTyped(dir, "promjob", "-Dpromjob.textfile.mode=0640", "run", "--no-"))
        .containsExactly("--no-in-progress", "--no-overlap");
  }

  @Test
  void jobNamesComeFromTheDirectoryOfAFlagWithEqualsOrOfTheSetting() throws Exception {
    Path tf = Files.createDirectory(dir.resolve("tf"));
    Files.writeString(tf.resolve("db_backup.prom"), "");
    assertThat(completeAsTyped(dir, "promjob", "run", "--textfile-dir=" + tf, "--job", ""))
        .containsExactly("db_backup");
    assertThat(
            completeAsTyped(dir, "promjob", "-Dpromjob.textfile.dir=" + tf, "delete", "--job", ""))
        .containsExactly("db_backup");
  }

  @Test
  void jobNamesAreOfferedDecodedAsTheyAreTyped() throws Exception {
    // The files promjob writes for these jobs (lib's FileNames), and two it never writes.
    for (String file :
        List.of(
            "!a_!b.prom",
            "d%C3%ADa.prom",
            "%2Ehidden.prom",
            "a%20b.prom",
            "x@k=v.prom",
            "x%40y.prom",
            "Notes.prom",
            "aaaa~0123456789abcdef.prom")) {
      Files.writeString(dir.resolve(file), "");
    }
    assertThat(
            completeAsTyped(dir, "promjob", "run", "--textfile-dir", dir.toString(), "--job", ""))
        .containsExactly(".hidden", "A_B", "a\\ b", "día", "x", "x@y");
    assertThat(
            completeAsTyped(
                dir, "promjob", "delete", "--textfile-dir", dir.toString(), "--job", "A"))
        .containsExactly("A_B");
  }

  /** Every zone offered, a region of tzdata's or one of its directories, is one --zone takes. */
  @Test
  void theZonesOfferedAreZonesThatTheScheduleTakes() throws Exception {
    Path zoneinfo = Path.of("/usr/share/zoneinfo");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(zoneinfo.resolve("Europe")), "tzdata is installed");
    List<String> top = completeAsTyped(dir, "promjob", "run", "--zone", "");
    assertThat(top).contains("UTC", "Europe", "Etc").doesNotContain("posix", "right", "zone.tab");
    List<String> offered = new ArrayList<>(top);
    offered.addAll(completeAsTyped(dir, "promjob", "run", "--zone", "Etc/"));
    offered.addAll(completeAsTyped(dir, "promjob", "run", "--zone", "Europe/B"));
    assertThat(offered).contains("Etc/GMT+2", "Europe/Berlin");
    for (String zone : offered) {
      if (!Files.isDirectory(zoneinfo.resolve(zone))) {
        org.assertj.core.api.Assertions.assertThatCode(
                () -> dev.promjob.Schedule.zone(zone, "--zone"))
            .as(zone)
            .doesNotThrowAnyException();
      }
    }
  }
}
