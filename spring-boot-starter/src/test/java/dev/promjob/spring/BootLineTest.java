package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;

class BootLineTest {
  @Test
  void refusesBoot3AndOlder() {
    assertThatThrownBy(() -> BootLine.require("3.5.7"))
        .isInstanceOf(UnsupportedBootException.class)
        .hasMessageStartingWith("'3.5.7': promjob-spring-boot-starter needs Spring Boot 4.1");
    assertThatThrownBy(() -> BootLine.require("2.7.18"))
        .isInstanceOf(UnsupportedBootException.class);
  }

  @Test
  void acceptsBoot4AndLaterAndWhatItCannotRead() {
    BootLine.require("4.0.7");
    BootLine.require("4.1.2");
    BootLine.require("10.0.0");
    BootLine.require("4.1.0-SNAPSHOT");
    BootLine.require(null);
    BootLine.require("unknown");
    assertThat(BootLine.major("4.0.7")).isEqualTo(4);
    assertThat(BootLine.major("12.1")).isEqualTo(12);
    assertThat(BootLine.major("4")).isEqualTo(4);
    assertThat(BootLine.major("3")).isEqualTo(3);
  }

  @Test
  void theBootOfTheBuildPasses() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.");
    new BootLine().initialize(null);
  }

  @Test
  void analysisNamesTheVersionFoundAndTheLinesThatWork() {
    FailureAnalysis a =
        new UnsupportedBootFailureAnalyzer()
            .analyze(new IllegalStateException("wrapper", new UnsupportedBootException("3.5.7")));
    assertThat(a.getDescription())
        .startsWith("promjob-spring-boot-starter does not run on Spring Boot 3.5.7:");
    assertThat(a.getAction())
        .contains("Spring Boot 4.1", "Spring Boot 4.0", "prometheus-client.version");
    assertThat(a.getCause()).isInstanceOf(UnsupportedBootException.class);
  }
}
