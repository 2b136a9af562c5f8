package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces every subcommand's messages are made of. */
class SmallPartsTest {
  @Test
  void findingsPrintLikeCompilersAndAsJson() {
    Finding f = new Finding(Path.of("/d/a.prom"), 3, "conflict", "a \"b\"\\\n\t\u0001");
    Finding whole = new Finding(Path.of("/d/a.prom"), 0, "stale", "old");

    assertThat(f.text()) // one line whatever the message holds
        .isEqualTo("/d/a.prom:3: conflict: a \"b\"\\\\u000a\\u0009\\u0001");
    assertThat(whole.text()).isEqualTo("/d/a.prom: stale: old");
    assertThat(f.json())
        .isEqualTo(
            "{\"file\":\"/d/a.prom\",\"line\":3,\"kind\":\"conflict\",\"message\":\"a \\\"b\\\"\\\\\\n\\t\\u0001\"}");
    assertThat(Finding.quote("\r")).isEqualTo("\"\\r\"");
  }

  @Test
  void durationsArePrintedAsTheyAreGiven() {
    assertThat(Messages.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Messages.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Messages.duration(Duration.ofMinutes(61))).isEqualTo("61m");
    assertThat(Messages.duration(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Messages.duration(Duration.ofSeconds(60))).isEqualTo("1m");
  }

  @Test
  void valuesAreQuotedWithControlCharactersShown() {
    assertThat(Messages.quoted("a b")).isEqualTo("'a b'");
    assertThat(Messages.quoted("a\nb\u007f")).isEqualTo("'a\\u000ab\\u007f'");
  }

  @Test
  void sampleLinesFollowTheSamplesNotTheComments() {
    SampleLines l =
        new SampleLines(
            "# HELP a A.\n\n  # TYPE a gauge\na 1\n# plain\n\t b 2\n# TYPE c counter\n"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(l.ofSample(0)).isEqualTo(4);
    assertThat(l.ofSample(1)).isEqualTo(6);
    assertThat(l.ofSample(2)).isZero();
    assertThat(l.ofFamily("a", 4)).isEqualTo(1);
    assertThat(l.ofFamily("b", 6)).isEqualTo(6);
    assertThat(l.ofFamily("c", 9)).isEqualTo(7);
  }

  @Test
  void manySamplesKeepTheirLines() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append("m{i=\"").append(i).append("\"} 1\n");
    }
    SampleLines l = new SampleLines(sb.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(l.ofSample(199)).isEqualTo(200);
  }

  @Test
  void aRefusalsValueIsFoundOnItsLine() {
    byte[] text =
        "# HELP a A.\na 1\n# HELP promjob_x X.\npromjob_x 1\n".getBytes(StandardCharsets.UTF_8);

    assertThat(WriteCommand.lineOf(text, "'promjob_x': reserved")).isEqualTo("3:");
    assertThat(WriteCommand.lineOf(text, "'absent': rule")).isEmpty();
    assertThat(WriteCommand.lineOf(text, "no quote")).isEmpty();
    assertThat(WriteCommand.lineOf(text, "'': empty")).isEmpty();
  }

  @Test
  void ioFailuresAreGivenInWordsWithoutTheExceptionsClass(@TempDir Path dir) {
    assertThat(reasonOf(() -> Files.readAllBytes(dir))).isEqualTo("is a directory");
    assertThat(reasonOf(() -> Files.readAllBytes(dir.resolve("gone")))).isEqualTo("does not exist");
    assertThat(reasonOf(() -> Files.newDirectoryStream(dir.resolve("gone"))))
        .isEqualTo("does not exist");
  }

  interface Io {
    Object run() throws IOException;
  }

  static String reasonOf(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      return Messages.reason(e);
    }
    throw new AssertionError("no IOException");
  }
}
