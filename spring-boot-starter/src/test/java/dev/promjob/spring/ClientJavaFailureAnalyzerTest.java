package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Action for each Boot line (Boot 3.5 itself is started by the compatibility tests). */
class ClientJavaFailureAnalyzerTest {
  @Test
  void boot35IsToldTheBootLineItNeeds() {
    assertThat(ClientJavaFailureAnalyzer.action("3.5.7"))
        .startsWith(
            "Spring Boot 3.5.7 manages client_java 1.3.10 and Spring Batch 5, which promjob does"
                + " not support. Move to Spring Boot 4.1 (it manages client_java 1.7.0: nothing"
                + " more to set), or to Spring Boot 4.0 and set the Maven property"
                + " prometheus-client.version to 1.9.0");
  }

  @Test
  void boot40IsToldTheProperty() {
    assertThat(ClientJavaFailureAnalyzer.action("4.0.7"))
        .startsWith(
            "Spring Boot 4.0.7 manages an older client_java: set the Maven property"
                + " prometheus-client.version to 1.9.0");
  }

  @Test
  void otherFailuresAreNotItsToAnalyze() {
    assertThat(new ClientJavaFailureAnalyzer().analyze(new IllegalStateException("other")))
        .isNull();
  }
}
