package dev.promjob.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client_java version check, with class loaders that play an older client_java. */
class ClientJavaTest {
  /** Hides one class, and answers one artifact's pom.properties with another version. */
  static final class OlderLoader extends ClassLoader {
    private final String hidden;
    private final String artifact;
    private final String version;

    OlderLoader(String hidden, String artifact, String version) {
      super(ClientJavaTest.class.getClassLoader());
      this.hidden = hidden;
      this.artifact = artifact;
      this.version = version;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(hidden)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      if (artifact != null
          && name.equals("META-INF/maven/io.prometheus/" + artifact + "/pom.properties")) {
        return new ByteArrayInputStream(
            ("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return super.getResourceAsStream(name);
    }
  }

  @Test
  void theClientJavaOfTheBuildPasses() {
    assertThatCode(() -> ClientJava.require(ClientJavaTest.class.getClassLoader()))
        .doesNotThrowAnyException();
    assertThatCode(ClientJava::requireSupported).doesNotThrowAnyException();
    assertThat(ClientJava.found(ClientJavaTest.class.getClassLoader()))
        .matches("prometheus-metrics-model \\d+\\.\\d+\\.\\d+, prometheus-metrics-core .*");
    assertThat(ClientJava.found(new ClassLoader(null) {}))
        .isEqualTo("no client_java artifact it can name");
  }

  @Test
  void aMissingClassIsNamedWithTheVersionThatBroughtIt() {
    ClassLoader old =
        new OlderLoader("io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor", null, null);
    assertThatThrownBy(() -> ClientJava.require(old))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "promjob needs client_java (io.prometheus:prometheus-metrics-*) "
                + ClientJava.LOWEST
                + " or newer")
        .hasMessageContaining(
            "which lacks io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor (client_java 1.6.0)")
        .hasMessageContaining("prometheus-client.version");
  }

  @Test
  void anOlderArtifactIsRefusedEvenWhenItsClassesComeFromANewerJar() {
    ClassLoader mixed = new OlderLoader("none", "prometheus-metrics-core", "1.2.1");
    assertThatThrownBy(() -> ClientJava.require(mixed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("prometheus-metrics-core 1.2.1")
        .hasMessageNotContaining("which lacks");
    assertThatCode(
            () ->
                ClientJava.require(
                    new OlderLoader("none", "prometheus-metrics-core", ClientJava.LOWEST)))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ClientJava.require(
                    new OlderLoader("none", "prometheus-metrics-core", "1.10.0-rc1")))
        .doesNotThrowAnyException();
  }

  @Test
  void versionsCompareAsNumbers() {
    assertThat(ClientJava.older("1.2.1", "1.7.0")).isTrue();
    assertThat(ClientJava.older("1.6.9", "1.7.0")).isTrue();
    assertThat(ClientJava.older("1.7.0", "1.7.0")).isFalse();
    assertThat(ClientJava.older("1.7.1", "1.7.0")).isFalse();
    assertThat(ClientJava.older("1.10.0", "1.7.0")).isFalse();
    assertThat(ClientJava.older("2.0.0", "1.7.0")).isFalse();
    assertThat(ClientJava.older("0.16.0", "1.7.0")).isTrue();
    assertThat(ClientJava.older("1.7", "1.7.0")).isFalse();
    assertThat(ClientJava.older("1.6", "1.7.0")).isTrue();
    assertThat(ClientJava.older("1.7.0-SNAPSHOT", "1.7.0")).isFalse();
    assertThat(ClientJava.older("1.7.0", "1.7.1")).isTrue();
  }
}
