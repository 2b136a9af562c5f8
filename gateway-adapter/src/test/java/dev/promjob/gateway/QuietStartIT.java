package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.JavaChild;
import dev.promjob.testing.Pushgateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing on the happy path starts logging: looking up a logger starts java.util.logging, about 20
 * ms of every short job. The child JVM's class-loading log is the witness.
 */
class QuietStartIT {
  @TempDir Path tmp;

  @Test
  void aSuccessfulPushAndWriteLoadNoLogging() throws Exception {
    Path textfiles = Files.createDirectories(tmp.resolve("textfile"));
    Path classes = tmp.resolve("classes.log");
    try (Pushgateway gateway = Pushgateway.start(tmp.resolve("logs"))) {
      List<String> cmd =
          new ArrayList<>(
              JavaChild.command(QuietChild.class, false, gateway.url(), textfiles.toString()));
      cmd.add(1, "-Xlog:class+load=info:file=" + classes);
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("child.out").toFile())
              .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(tmp.resolve("child.out"))).isEqualTo("OK\n");
    }
    String loaded = Files.readString(classes);
    assertThat(loaded)
        .contains("dev.promjob.gateway.PushgatewayBackend")
        .contains("dev.promjob.textfile.TextfileBackend");
    assertThat(loaded)
        .doesNotContain("java.util.logging.LogManager")
        .doesNotContain("dev.promjob.internal.Log$Holder")
        .doesNotContain("dev.promjob.gateway.GroupRules$Logging");
  }
}
