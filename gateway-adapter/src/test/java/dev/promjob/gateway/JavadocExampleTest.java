package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SPI's Javadoc example is code that compiles, against the backend it names. */
class JavadocExampleTest {
  @TempDir Path tmp;

  @Test
  void theBackendProviderExampleCompiles() throws Exception {
    String source =
        Files.readString(
            Path.of(
                "..",
                "lib",
                "src",
                "main",
                "java",
                "dev",
                "promjob",
                "spi",
                "BackendProvider.java"));
    Matcher m =
        Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\* }</pre>", Pattern.DOTALL).matcher(source);
    assertThat(m.find()).as("an example in the Javadoc").isTrue();
    String example = m.group(1).replaceAll("(?m)^ \\* ?", "");
    Path file = tmp.resolve("src/example/PushgatewayProvider.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "package example;\nimport dev.promjob.Config;\nimport dev.promjob.gateway.PushgatewayBackend;\n"
            + "import dev.promjob.spi.Backend;\nimport dev.promjob.spi.BackendProvider;\n"
            + example
            + "\n",
        StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            null,
            err,
            List.of(
                    "-d",
                    tmp.resolve("out").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    file.toString())
                .toArray(String[]::new));
    assertThat(rc).as(example + "\n" + err.toString(StandardCharsets.UTF_8)).isZero();
  }
}
