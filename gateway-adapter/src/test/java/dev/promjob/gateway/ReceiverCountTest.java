package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.BatchMetrics;
import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Remote write's consecutive failures: read from the receiver's query API, or not sent at all. */
class ReceiverCountTest {
  static final String COUNT = BatchMetrics.CONSECUTIVE_FAILURES + "{job=\"export\"";
  private CapturingServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** As Prometheus 2.42 and VictoriaMetrics 1.79 answer. */
  static String scalar(String value) {
    return value == null
        ? "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
        : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1764770000.123,\""
            + value
            + "\"]}]}}";
  }

  RemoteWriteBackend backend(boolean withQuery) throws IOException {
    server = CapturingServer.start(200);
    RemoteWriteBackend.Builder b = RemoteWriteBackend.builder().url(server.uri("/api/v1/write"));
    if (withQuery) {
      b.queryUrl(server.uri("/api/v1/query?tenant=a"));
    }
    return b.build();
  }

  static Double count(byte[] body) {
    return RemoteWriteRequestsTest.series(body).entrySet().stream()
        .filter(e -> e.getKey().startsWith(BatchMetrics.CONSECUTIVE_FAILURES + "{"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void aFailedRunAddsOneToTheCountTheQueryApiHolds() throws IOException {
    RemoteWriteBackend b = backend(true);
    server.answer = scalar("2");
    Job job = Job.serviceLevel("export").groupingLabel("region", "eu \"west\"").build();
    b.report(RemoteWriteRequestsTest.report(job, Outcome.FAILURE));
    assertThat(server.seen).extracting(CapturingServer.Seen::method).containsExactly("GET", "POST");
    CapturingServer.Seen get = server.seen.get(0);
    assertThat(get.path()).isEqualTo("/api/v1/query");
    assertThat(get.query()).startsWith("tenant=a&query=");
    String query = URLDecoder.decode(get.query().substring(15), StandardCharsets.UTF_8);
    String sel = "{job=\"export\",job_name=\"export\",region=\"eu \\\"west\\\"\"}[40d]";
    assertThat(query)
        .isEqualTo(
            "max(last_over_time(promjob_consecutive_failures"
                + sel
                + ")) or max(1 - last_over_time(promjob_last_run_success"
                + sel
                + "))");
    assertThat(count(server.seen.get(1).body())).isEqualTo(3.0);
  }

  @Test
  void aReceiverThatHoldsNothingMakesAFirstFailureOne() throws IOException {
    RemoteWriteBackend b = backend(true);
    server.answer = scalar(null);
    b.report(RemoteWriteRequestsTest.report(Job.serviceLevel("export").build(), Outcome.FAILURE));
    assertThat(count(server.seen.get(1).body())).isEqualTo(1.0);
  }

  @Test
  void aSuccessSendsZeroWithoutReading() throws IOException {
    RemoteWriteBackend b = backend(true);
    b.report(RemoteWriteRequestsTest.report(Job.serviceLevel("export").build(), Outcome.SUCCESS));
    assertThat(server.seen).extracting(CapturingServer.Seen::method).containsExactly("POST");
    assertThat(count(server.seen.get(0).body())).isEqualTo(0.0);
  }

  @Test
  void anAnswerThatIsNoCountSendsNoCount() throws IOException {
    RemoteWriteBackend b = backend(true);
    server.answer = "{\"status\":\"error\",\"error\":\"bad\"}";
    try (dev.promjob.testing.LogCapture log = dev.promjob.testing.LogCapture.start()) {
      b.report(RemoteWriteRequestsTest.report(Job.serviceLevel("export").build(), Outcome.FAILURE));
      assertThat(log.messages())
          .anyMatch(m -> m.startsWith("job 'export': cannot read the consecutive failures"));
    }
    assertThat(server.seen).extracting(CapturingServer.Seen::method).containsExactly("GET", "POST");
    assertThat(count(server.seen.get(1).body())).isNull();
    assertThat(RemoteWriteRequestsTest.series(server.seen.get(1).body()))
        .containsKey(BatchMetrics.LAST_RUN_SUCCESS + "{job=\"export\",job_name=\"export\"}");
  }

  /** Without a query API the count could only be wrong (a success's 0 standing for ever). */
  @Test
  void withoutAQueryUrlNoCountIsSentAtAll() throws IOException {
    RemoteWriteBackend b = backend(false);
    b.report(RemoteWriteRequestsTest.report(Job.serviceLevel("export").build(), Outcome.SUCCESS));
    b.report(RemoteWriteRequestsTest.report(Job.serviceLevel("export").build(), Outcome.FAILURE));
    assertThat(server.seen)
        .extracting(CapturingServer.Seen::method)
        .containsExactly("POST", "POST");
    assertThat(count(server.seen.get(0).body())).isNull();
    assertThat(count(server.seen.get(1).body())).isNull();
  }

  @Test
  void answersAreReadStrictly() throws IOException {
    assertThat(ReceiverCount.of(scalar("4"))).hasValue(4);
    assertThat(ReceiverCount.of(scalar(null))).hasValue(0);
    assertThat(ReceiverCount.of(scalar("0"))).hasValue(0);
    assertThat(ReceiverCount.of(scalar("4611686018427387904"))).hasValue(1L << 62);
    assertThatThrownBy(() -> ReceiverCount.of(scalar("9223372036854775807")))
        .isInstanceOf(IOException.class);
    for (String bad : new String[] {"-1", "2.5", "+Inf", "NaN", "x"}) {
      assertThatThrownBy(() -> ReceiverCount.of(scalar(bad)))
          .isInstanceOf(IOException.class)
          .hasMessage("'" + bad + "': not a count of failures");
    }
    String one = "{\"metric\":{},\"value\":[1,\"2\"]}";
    assertThatThrownBy(
            () ->
                ReceiverCount.of(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + one
                        + ","
                        + one
                        + "]}}"))
        .as("two samples: which is the job's?")
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () ->
                ReceiverCount.of(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":"
                        + "[1,\"2\"]}}"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("the query API's answer is not one sample or none");
  }

  @Test
  void theQueryUrlComesFromConfigurationAndIsChecked() {
    RemoteWriteBackend.builder()
        .config(
            Config.of(
                Map.of(
                    RemoteWriteKeys.URL, "http://127.0.0.1:9090/api/v1/write",
                    RemoteWriteKeys.QUERY_URL, "http://127.0.0.1:9090/api/v1/query")))
        .build();
    assertThatThrownBy(
            () -> RemoteWriteBackend.builder().queryUrl(URI.create("http://u:p@h/api/v1/query")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'http://h/api/v1/query': a query URL must be");
  }
}
