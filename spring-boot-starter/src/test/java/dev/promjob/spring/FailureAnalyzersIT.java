package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real Spring Boot application that cannot start, in a JVM of its own with a class path changed
 * as a user's build would change it, and the analysis Boot prints.
 */
class FailureAnalyzersIT {

  private static final Pattern CLIENT_JAVA =
      Pattern.compile("(.*/io/prometheus/([a-z-]+)/)1\\.9\\.0/\\2-1\\.9\\.0\\.jar");

  static String run(String classPath, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath));
    cmd.add(ConfigReportApp.class.getName());
    cmd.add("--spring.config.location=classpath:/promjob-env/application.yml");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().clear();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    System.out.println(out); // the analysis, for the build log
    assertThat(p.exitValue()).as(out).isEqualTo(1);
    return out;
  }

  /** This JVM's class path with each entry {@code keep} says no to removed. */
  static List<String> classPath() {
    return new ArrayList<>(
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
  }

  @Test
  void clientJava143AsBoot40ManagesItIsRefusedNamingTheMavenProperty() throws Exception {
    List<String> entries = new ArrayList<>();
    int swapped = 0;
    for (String entry : classPath()) {
      Matcher m = CLIENT_JAVA.matcher(entry);
      if (!m.matches()) {
        entries.add(entry);
        continue;
      }
      Path old = Path.of(m.group(1), "1.4.3", m.group(2) + "-1.4.3.jar");
      if (Files.exists(old)) { // 1.4.3 has no exposition-formats jar of its own in this build
        entries.add(old.toString());
        swapped++;
      }
    }
    assertThat(swapped).isGreaterThanOrEqualTo(3);

    String out = run(String.join(File.pathSeparator, entries));

    assertThat(out)
        .contains("APPLICATION FAILED TO START")
        .containsPattern(
            "Description:\n\npromjob needs client_java \\(io.prometheus:prometheus-metrics-\\*\\)"
                + " 1.7.0 or newer, all of one version; the class path holds [^\n]*1\\.4\\.3")
        .contains(
            "Action:\n\nSpring Boot 4.1.2 manages an older client_java: set the Maven property"
                + " prometheus-client.version to 1.9.0 in the application's pom.xml")
        .contains("<prometheus-client.version>1.9.0</prometheus-client.version>");
  }

  @Test
  void aPushgatewayWithoutTheAdapterArtifactIsRefusedAtStartNamingTheArtifact() throws Exception {
    List<String> entries = classPath();
    assertThat(entries.removeIf(e -> e.contains("gateway-adapter"))).isTrue();

    String out = run(String.join(File.pathSeparator, entries), "--promjob.backend=pushgateway");

    assertThat(out)
        .contains("APPLICATION FAILED TO START")
        .contains("Description:\n\nno 'pushgateway' backend on the class path")
        .contains(
            "Action:\n\nAdd the artifact that provides the 'pushgateway' backend"
                + " (promjob-spring-boot-starter brings it unless it is excluded):\n\n"
                + "    <dependency>\n        <groupId>dev.promjob</groupId>\n"
                + "        <artifactId>promjob-gateway-adapter</artifactId>\n    </dependency>");
  }
}
