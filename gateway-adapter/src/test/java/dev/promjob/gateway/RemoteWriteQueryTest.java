package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A remote-write URL keeps its query, which some receivers need (InfluxDB 1.x takes remote write
 * only with {@code ?db=}, VictoriaMetrics and vmagent take {@code ?extra_label=}); credentials in
 * it ({@code u=}/{@code p=} of InfluxDB, a {@code token=}) are never shown.
 */
class RemoteWriteQueryTest {
  static final String SECRET = "s3cret-in-the-query";

  @Test
  void theQueryReachesTheReceiver() throws IOException {
    try (CapturingServer receiver = CapturingServer.start(204)) {
      URI url = receiver.uri("/api/v1/prom/write?db=promjob&extra_label=env%3Dtest");
      RemoteWriteBackend b = RemoteWriteBackend.builder().url(url).build();
      b.report(RemoteWriteRequestsTest.report(Job.serviceLevel("q").build(), Outcome.SUCCESS));
      assertThat(receiver.seen).hasSize(1);
      assertThat(receiver.seen.get(0).path()).isEqualTo("/api/v1/prom/write");
      assertThat(receiver.seen.get(0).query()).isEqualTo("db=promjob&extra_label=env%3Dtest");
      assertThat(b.url()).isEqualTo(url);
    }
  }

  @Test
  void aQueryFromConfigurationIsKeptToo() {
    RemoteWriteBackend b =
        RemoteWriteBackend.builder()
            .config(
                Config.of(
                    Map.of(
                        RemoteWriteKeys.URL, "http://127.0.0.1:8086/api/v1/prom/write?db=promjob")))
            .build();
    assertThat(b.url()).hasToString("http://127.0.0.1:8086/api/v1/prom/write?db=promjob");
  }

  @Test
  void credentialsInTheQueryAreNeverShown() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    String base = "http://127.0.0.1:" + port + "/api/v1/prom/write";
    RemoteWriteBackend b =
        RemoteWriteBackend.builder()
            .url(URI.create(base + "?db=promjob&u=admin&p=" + SECRET + "&access_token=" + SECRET))
            .retries(0)
            .deadline(Duration.ofSeconds(2))
            .build();
    String shown = base + "?db=promjob&u=****&p=****&access_token=****";
    Job job = Job.serviceLevel("q").build();
    assertThat(b.url()).hasToString(shown);
    assertThat(b.toString()).isEqualTo("RemoteWriteBackend[" + shown + "]");
    assertThat(b.location(job)).startsWith(shown + " {job=\"q\"}");
    assertThatThrownBy(() -> b.delete(job)).hasMessageContaining(shown);
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class,
            () -> b.report(RemoteWriteRequestsTest.report(job, Outcome.SUCCESS)));
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(e.getMessage()).contains("POST " + shown + ": ");
    assertThat(trace.toString()).doesNotContain(SECRET);
    Config config = Config.of(Map.of(RemoteWriteKeys.URL, base + "?db=x&p=" + SECRET));
    assertThat(config.toString()).contains("?db=x&p=****").doesNotContain(SECRET);
  }

  @Test
  void aFragmentIsStillRefusedAndShownWithoutItsCredentials() {
    assertThatThrownBy(
            () ->
                RemoteWriteBackend.builder()
                    .url(URI.create("http://rw:8086/write?db=x&p=" + SECRET + "#frag")))
        .hasMessage(
            "'http://rw:8086/write?db=x&p=****': remote-write receiver URL must have no fragment");
  }
}
