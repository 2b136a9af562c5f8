package dev.promjob.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
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
   * Each artifact with a class of it that every version has (so an older jar first on the class
   * path supplies it) and that a report loads anyway. The last is optional: exposition-formats is
   * no dependency of promjob, its protobuf writer came in 1.6, and before 1.6 it holds no class
   * promjob loads once textformats holds the text writer (1.3; the writer's jar is checked above).
   */
  private static final String[][] SUPPLIERS = {
    {"prometheus-metrics-model", "io.prometheus.metrics.model.snapshots.Labels"},
    {"prometheus-metrics-core", "io.prometheus.metrics.core.metrics.Counter"},
    {"prometheus-metrics-config", "io.prometheus.metrics.config.PrometheusProperties"},
    {
      "prometheus-metrics-exposition-textformats",
      "io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter"
    },
    {
      "prometheus-metrics-exposition-formats",
      "io.prometheus.metrics.expositionformats.internal.PrometheusProtobufWriterImpl"
    },
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
   * Checks once per class loader of promjob. Free when the jars are named as Maven and Gradle name
   * them: the names say the versions ({@link #namedSupported}); only otherwise are the artifacts'
   * pom.properties read, a lookup that first searches every module of the JDK (about 13 ms of a
   * cold JVM).
   */
  public static void requireSupported() {
    if (!checked) {
      if (!Boolean.getBoolean(BUNDLED)) {
        check(ClientJava.class.getClassLoader());
      }
      checked = true;
    }
  }

  /**
   * @throws IllegalStateException as {@link #require} does, which runs only if the names do not
   *     already say every artifact is supported
   */
  static void check(ClassLoader loader) {
    if (!namedSupported(loader)) {
      require(loader);
    }
  }

  /**
   * True if the jar that supplies each artifact's classes is named {@code <artifact>-<version>.jar}
   * with a version promjob supports; false when any is older, missing or named otherwise (a shaded
   * or renamed jar, a directory): {@link #require} then decides, and names what it found.
   */
  static boolean namedSupported(ClassLoader loader) {
    for (int i = 0; i < SUPPLIERS.length; i++) {
      String[] supplier = SUPPLIERS[i];
      CodeSource source;
      try {
        source = Class.forName(supplier[1], false, loader).getProtectionDomain().getCodeSource();
      } catch (ClassNotFoundException e) {
        if (i == SUPPLIERS.length - 1) {
          continue; // exposition-formats absent, or older than any class promjob loads
        }
        return false;
      } catch (LinkageError e) {
        return false;
      }
      String v = source == null ? null : versionInJarName(source.getLocation(), supplier[0]);
      if (v == null || older(v, LOWEST)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The version in a jar's name, {@code 1.9.0} of {@code .../prometheus-metrics-core-1.9.0.jar}
   * (also nested, {@code ...!/BOOT-INF/lib/prometheus-metrics-core-1.9.0.jar!/}), or null if the
   * location is not a jar of {@code artifact} named so.
   */
  static String versionInJarName(URL location, String artifact) {
    if (location == null) {
      return null;
    }
    String s = location.toString();
    int end = s.endsWith("!/") ? s.length() - 2 : s.length();
    if (!s.startsWith(".jar", end - 4)) {
      return null;
    }
    int name = s.lastIndexOf('/', end - 1) + 1;
    int version = name + artifact.length() + 1;
    // The name ends in .jar, so after the artifact's "-" comes at least the '.' of .jar.
    if (!s.startsWith(artifact + "-", name) || !Character.isDigit(s.charAt(version))) {
      return null;
    }
    return s.substring(version, end - 4);
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
