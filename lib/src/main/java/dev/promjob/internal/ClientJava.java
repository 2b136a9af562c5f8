package dev.promjob.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Fails at start, with the versions found and the one needed, when the class path holds a
 * client_java older than promjob supports. Spring Boot's and Micrometer's dependency management
 * downgrade {@code io.prometheus:prometheus-metrics-*} (Micrometer 1.13: 1.2.1, Boot 3.5: 1.3.10,
 * Boot 4.0: 1.4.3), and promjob would otherwise die later with a {@code NoSuchMethodError} or
 * {@code NoClassDefFoundError} in the middle of a run.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class ClientJava {
  /** The lowest client_java promjob is built and tested against (profile client-java-min). */
  public static final String LOWEST = "1.7.0";

  /** Classes of the newest API promjob uses, each with the version that brought it. */
  private static final String[][] PROBES = {
    {"io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor", "1.6.0"},
    {"io.prometheus.metrics.config.EscapingScheme", "1.4.0"},
    {"io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter$Builder", "1.3.0"},
  };

  private static final String[] ARTIFACTS = {
    "prometheus-metrics-model",
    "prometheus-metrics-core",
    "prometheus-metrics-config",
    "prometheus-metrics-exposition-textformats",
    "prometheus-metrics-exposition-formats"
  };

  /**
   * Set to {@code true} by a jar that ships promjob with the client_java it was built and tested
   * with (the command line's promjob.jar): no other client_java can come first, and the check would
   * cost each run of a one-shot process a few milliseconds.
   */
  public static final String BUNDLED = "dev.promjob.internal.clientJavaBundled";

  private static volatile boolean checked;

  private ClientJava() {}

  /**
   * Checks once per class loader of promjob; cheap: the probed classes are loaded anyway, and a few
   * small resources of jars already open are read.
   */
  public static void requireSupported() {
    if (!checked) {
      if (!Boolean.getBoolean(BUNDLED)) {
        require(ClientJava.class.getClassLoader());
      }
      checked = true;
    }
  }

  /**
   * @throws IllegalStateException naming the client_java versions found and the one needed
   */
  static void require(ClassLoader loader) {
    String missing = null;
    for (String[] probe : PROBES) {
      try {
        Class.forName(probe[0], false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        missing = probe[0] + " (client_java " + probe[1] + ")";
        break;
      }
    }
    if (missing == null) {
      try {
        // Classes can come from a newer jar behind an older one; the writer's own jar must be new.
        Class.forName(
                "io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter", false, loader)
            .getMethod("builder");
      } catch (ReflectiveOperationException | LinkageError e) {
        missing = "PrometheusTextFormatWriter.builder() (client_java 1.3.0)";
      }
    }
    String tooOld = null;
    for (String artifact : ARTIFACTS) {
      String v = version(loader, artifact);
      if (v != null && older(v, LOWEST)) {
        tooOld = artifact + " " + v;
        break;
      }
    }
    if (missing != null || tooOld != null) {
      throw new IllegalStateException(
          "promjob needs client_java (io.prometheus:prometheus-metrics-*) "
              + LOWEST
              + " or newer, all of one version; the class path holds "
              + found(loader)
              + (missing != null ? ", which lacks " + missing : "")
              + ". Spring Boot and Micrometer manage an older one: set the Maven property"
              + " prometheus-client.version (Spring Boot) to 1.9.0, or import"
              + " io.prometheus:prometheus-metrics-bom:1.9.0 before their BOM");
    }
  }

  /** True if dotted version {@code v} is before {@code than} (qualifiers such as -rc1 ignored). */
  static boolean older(String v, String than) {
    String[] a = v.split("[.-]");
    String[] b = than.split("[.-]");
    for (int i = 0; i < 3; i++) {
      int x = i < a.length ? number(a[i]) : 0;
      int y = i < b.length ? number(b[i]) : 0;
      if (x != y) {
        return x < y;
      }
    }
    return false;
  }

  private static int number(String s) {
    int n = 0;
    for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  private static String version(ClassLoader loader, String artifact) {
    String resource = "META-INF/maven/io.prometheus/" + artifact + "/pom.properties";
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null; // shaded or repackaged: the probes above speak for it
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      return null;
    }
  }

  /** The versions of the client_java artifacts on the class path, from their pom.properties. */
  static String found(ClassLoader loader) {
    List<String> found = new ArrayList<>();
    for (String artifact : ARTIFACTS) {
      String v = version(loader, artifact);
      if (v != null) {
        found.add(artifact + " " + v);
      }
    }
    return found.isEmpty() ? "no client_java artifact it can name" : String.join(", ", found);
  }
}
