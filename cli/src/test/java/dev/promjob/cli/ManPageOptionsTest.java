package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the man page says every subcommand takes, every subcommand takes: {@code promjob run
 * --version} answered "unknown option" (exit 2) where the page listed {@code --version} among the
 * options of every subcommand.
 */
class ManPageOptionsTest {
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--?[a-zA-Z][a-z0-9-]*)");

  static String section(String title) throws Exception {
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String page =
        Files.readString(classes.getParent().getParent().resolve("src/package/promjob.1"))
            .replace("\\-", "-");
    Matcher m =
        Pattern.compile("(?ms)^\\.SS \"" + Pattern.quote(title) + "\".*?(?=^\\.S[SH] )")
            .matcher(page);
    assertThat(m.find()).as("a section .SS \"%s\"", title).isTrue();
    return m.group();
  }

  /** The flags of the section's tagged paragraphs ({@code .TP} then the line that names them). */
  static Set<String> taggedFlags(String section) {
    Set<String> flags = new TreeSet<>();
    String[] lines = section.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].equals(".TP")) {
        Matcher m = FLAG.matcher(lines[i + 1]);
        while (m.find()) {
          flags.add(m.group(1));
        }
      }
    }
    return flags;
  }

  @Test
  void everySubcommandTakesTheOptionsThePageGivesEverySubcommand() throws Exception {
    Set<String> flags = taggedFlags(section("Options of every subcommand"));
    assertThat(flags).contains("--help", "-h");
    for (String sub : Main.SUBCOMMANDS) {
      for (String flag : flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
            Main.run(
                List.of(sub, flag),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code)
            .as("promjob %s %s: %s", sub, flag, err.toString(StandardCharsets.UTF_8))
            .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
            .as("promjob %s %s", sub, flag)
            .isNotEmpty();
      }
    }
  }
}
