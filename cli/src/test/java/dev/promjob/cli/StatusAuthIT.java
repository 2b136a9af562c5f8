package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promjob.testing.Binaries;
import dev.promjob.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promjob status --prometheus http://user:password@...} against a real Prometheus that asks
 * for basic auth (its {@code --web.config.file}): the user info is sent, and never printed.
 */
class StatusAuthIT {
  @TempDir Path work;

  /** bcrypt of "s3cret" (4 rounds: a test's), made with Python's crypt module. */
  static final String HASH = "$2b$04$jOkorbHIwVIHonoAvnTbje/xyfY.Wi9EMzu.xgbf4Ry6w/ZFkuW02";

  @Test
  void theUrlsUserInfoIsBasicAuthAndIsNeverPrinted() throws Exception {
    Path config =
        Files.writeString(work.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
    Path web =
        Files.writeString(
            work.resolve("web.yml"), "basic_auth_users:\n  promjob: '" + HASH + "'\n");
    try (ServerProcess p =
        ServerProcess.start(
            "prometheus",
            List.of(
                Binaries.prometheus().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.config.file=" + web,
                "--web.listen-address=127.0.0.1:{port}"),
            false,
            work)) {
      Launcher.await( // every path asks for the password, readiness too
          "prometheus to ask for basic auth",
          () -> {
            try {
              return p.get("/-/ready").statusCode() == 401;
            } catch (Exception e) {
              return false;
            }
          });
      String url = "http://127.0.0.1:" + p.port();

      Launcher.Result good =
          Launcher.run(
              work,
              Map.of(),
              null,
              "status",
              "--prometheus",
              url.replace("//", "//promjob:s3cret@"));
      Launcher.Result bad =
          Launcher.run(
              work,
              Map.of(),
              null,
              "status",
              "--prometheus",
              url.replace("//", "//promjob:wrong@"));

      assertThat(good.exitCode()).as(good.err()).isZero();
      assertThat(good.err())
          .isEqualTo(
              "promjob status: no promjob job in http://promjob:****@127.0.0.1:" + p.port() + "\n");
      assertThat(bad.exitCode()).isEqualTo(StatusCommand.UNKNOWN);
      assertThat(bad.err())
          .isEqualTo(
              "promjob: 'http://promjob:****@127.0.0.1:"
                  + p.port()
                  + "' answered 401: the URL's user and password (user info, for basic auth) are"
                  + " refused or missing\n");
    }
  }
}
