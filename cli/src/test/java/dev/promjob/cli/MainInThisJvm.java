package dev.promjob.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole command lines through {@link Main}, in this JVM, with an empty stdin: what a test of the
 * command line's messages and exit codes extends. Each run's stdout and stderr replace the last's.
 */
abstract class MainInThisJvm {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> properties = new ArrayList<>();

  int main(String... args) {
    for (String arg : args) {
      if (arg.startsWith("-D")) {
        properties.add(arg.substring(2, arg.indexOf('=')));
      }
    }
    out.reset();
    err.reset();
    return Main.run(
        List.of(args),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void clearProperties() { // -D sets system properties of this JVM
    properties.forEach(System::clearProperty);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
