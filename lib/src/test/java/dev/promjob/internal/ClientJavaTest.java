package dev.promjob.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client_java version check, with class loaders that play an older client_java. */
class ClientJavaTest {
  @TempDir Path tmp;

  private static final String COUNTER = "io.prometheus.metrics.core.metrics.Counter";

  /** Takes classes and resources from one jar before its parent: the jar is first on the path. */
  static final class JarFirst extends URLClassLoader {
    JarFirst(Path jar) throws IOException {
      super(new URL[] {jar.toUri().toURL()}, ClientJavaTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c != null) {
          return c;
        }
        try {
          return findClass(name);
        } catch (ClassNotFoundException e) {
          return super.loadClass(name, resolve);
        }
      }
    }

    @Override
    public URL getResource(String name) {
      URL url = findResource(name);
      return url != null ? url : super.getResource(name);
    }
  }

  /** A jar of this name holding the build's client_java Counter and a pom.properties of version. */
  private Path coreJar(String fileName, String version) throws IOException {
    Path jar = tmp.resolve(fileName);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        InputStream counter =
            ClientJavaTest.class
                .getClassLoader()
                .getResourceAsStream(COUNTER.replace('.', '/') + ".class")) {
      out.putNextEntry(new ZipEntry(COUNTER.replace('.', '/') + ".class"));
      counter.transferTo(out);
      out.putNextEntry(
          new ZipEntry("META-INF/maven/io.prometheus/prometheus-metrics-core/pom.properties"));
      out.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  @Test
  void theNamesOfTheBuildsJarsSayItIsSupportedWithoutReadingThem() {
    assertThat(ClientJava.namedSupported(ClientJavaTest.class.getClassLoader())).isTrue();
    assertThatCode(() -> ClientJava.check(ClientJavaTest.class.getClassLoader()))
        .doesNotThrowAnyException();
  }

  @Test
  void anOlderJarFirstOnThePathIsSeenByItsNameAndRefusedByItsPomProperties() throws Exception {
    try (JarFirst old = new JarFirst(coreJar("prometheus-metrics-core-1.2.1.jar", "1.2.1"));
        JarFirst same = new JarFirst(coreJar("prometheus-metrics-core-1.7.0.jar", "1.7.0"));
        JarFirst renamed = new JarFirst(coreJar("app-all.jar", "1.9.0"))) {
      assertThat(Class.forName(COUNTER, false, old).getClassLoader()).isSameAs(old);
      assertThat(ClientJava.namedSupported(old)).isFalse();
      assertThatThrownBy(() -> ClientJava.check(old))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "promjob needs client_java (io.prometheus:prometheus-metrics-*) 1.7.0 or newer")
          .hasMessageContaining("prometheus-metrics-core 1.2.1");
      assertThat(ClientJava.namedSupported(same)).isTrue();
      assertThat(ClientJava.namedSupported(new OlderLoader(COUNTER, null, null))).isFalse();
      assertThat(
              ClientJava.namedSupported(
                  new OlderLoader(
                      "io.prometheus.metrics.expositionformats.internal.PrometheusProtobufWriterImpl",
                      null,
                      null)))
          .as("exposition-formats is optional: promjob loads none of its classes")
          .isTrue();
      assertThat(ClientJava.namedSupported(renamed)).isFalse(); // its pom.properties decide
      assertThatCode(() -> ClientJava.check(renamed)).doesNotThrowAnyException();
    }
  }

  @Test
  void aJarNameGivesTheVersionOnlyForItsOwnArtifact() throws Exception {
    String core = "prometheus-metrics-core";
    assertThat(version("file:/r/prometheus-metrics-core-1.9.0.jar", core)).isEqualTo("1.9.0");
    assertThat(version("file:/r/prometheus-metrics-core-1.10.0-rc1.jar", core))
        .isEqualTo("1.10.0-rc1");
    assertThat(
            version("jar:nested:/app.jar/!BOOT-INF/lib/prometheus-metrics-core-1.3.10.jar!/", core))
        .isEqualTo("1.3.10");
    assertThat(version("file:/r/prometheus-metrics-model-1.9.0.jar", core)).isNull();
    assertThat(version("file:/r/prometheus-metrics-core-all.jar", core)).isNull();
    assertThat(version("file:/r/prometheus-metrics-core-.jar", core)).isNull();
    assertThat(version("file:/r/prometheus-metrics-core-1.9.0.zip", core)).isNull();
    assertThat(version("file:/r/prometheus-metrics-core-1.9.0/", core)).isNull();
    assertThat(version("file:/r/x-prometheus-metrics-core-1.9.0.jar", core)).isNull();
    assertThat(version("file:/prometheus-metrics-core-1.9.0.jar/app.jar", core)).isNull();
    assertThat(ClientJava.versionInJarName(null, core)).isNull();
  }

  private static String version(String url, String artifact) throws Exception {
    return ClientJava.versionInJarName(new URL(null, url, new NoStreams()), artifact);
  }

  /** Lets a URL of any scheme be parsed (Spring Boot's nested: is not the JDK's). */
  static final class NoStreams extends java.net.URLStreamHandler {
    @Override
    protected java.net.URLConnection openConnection(URL u) {
      throw new UnsupportedOperationException();
    }
  }

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
