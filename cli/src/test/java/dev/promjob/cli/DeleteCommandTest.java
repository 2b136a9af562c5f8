package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code promjob delete} with two Pushgateways: a delete is done on each or it fails (exit 1, as
 * {@link Main} answers any I/O failure), in the words of a delete (MultiGatewayIT: one of two up).
 */
class DeleteCommandTest {
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort(); // closed again before the delete: connection refused
    }
  }

  @Test
  void aDeleteNotDoneOnEveryGatewayFailsNamingEachInTheWordsOfADelete() throws IOException {
    int a = closedPort();
    int b = closedPort();
    Config config =
        Config.of(
            Map.of(
                "promjob.pushgateway.url",
                "http://127.0.0.1:" + a + ",http://127.0.0.1:" + b,
                "promjob.pushgateway.retries",
                "0"));

    assertThatThrownBy(
            () ->
                DeleteCommand.main(List.of("--job", "retired", "--backend", "pushgateway"), config))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "deleted from 0 of 2 Pushgateways; not deleted from [DELETE http://127.0.0.1:"
                + a
                + "/metrics/job/retired")
        .hasMessageContaining("[DELETE http://127.0.0.1:" + b + "/metrics/job/retired")
        .hasMessageNotContaining("accepted the report");
  }
}
