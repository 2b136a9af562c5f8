package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration that cannot run is refused before any work: exit 2 and one line that names the
 * value and the rule, never a stack trace. Whole command lines through {@link Main}, in this JVM.
 */
class UnrunnableConfigurationTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int main(String... args) {
    return Main.run(
        List.of(args),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTypoedTextfileDirectoryRunsNothingWithOrWithoutNoOverlap() {
    Path typo = dir.resolve("node-exporterr");
    Path ran = dir.resolve("ran");
    String rule = "'" + typo + "': the textfile directory does not exist";

    int plain =
        main("run", "--job", "x", "--textfile-dir", typo.toString(), "--", "touch", "" + ran);
    String plainErr = err();
    err.reset();
    int locked =
        main(
            "run",
            "--job",
            "x",
            "--textfile-dir",
            "" + typo,
            "--no-overlap",
            "--",
            "touch",
            "" + ran);

    assertThat(plain).isEqualTo(2);
    assertThat(locked).isEqualTo(2);
    assertThat(ran).doesNotExist();
    assertThat(plainErr).startsWith("promjob: " + rule).hasLineCount(1);
    assertThat(err()).startsWith("promjob: " + rule).hasLineCount(1);
  }

  @Test
  void writeRefusesATypoedTextfileDirectoryAsAConfigurationError() {
    Path typo = dir.resolve("node-exporterr");

    int code =
        Main.run(
            List.of("write", "--job", "x", "--textfile-dir", typo.toString()),
            new ByteArrayInputStream("# HELP q Q.\n# TYPE q gauge\nq 1\n".getBytes()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith("promjob: '" + typo + "': the textfile directory does not exist");
  }
}
