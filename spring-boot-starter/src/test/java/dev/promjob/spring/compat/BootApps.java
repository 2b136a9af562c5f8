package dev.promjob.spring.compat;

import dev.promjob.testing.JavaChild;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A user's Spring Boot application as Maven builds it: a pom with {@code
 * spring-boot-starter-parent} of one Boot version, optional properties ({@code
 * prometheus-client.version}) and dependencies, the starter among them, resolved by a nested Maven
 * into its class path. The nested build gets the reactor's promjob artifacts in a local repository
 * of its own under target (never ~/.m2), and reads every other artifact from ~/.m2 as a file
 * repository before Maven Central: offline when ~/.m2 holds them, and on a fresh machine downloaded
 * once per build directory.
 */
final class BootApps {
  /** Resolving a Boot application's class path from ~/.m2 takes seconds; from Central, a minute. */
  static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(8);

  static final String STARTER =
      dependency("dev.promjob", "promjob-spring-boot-starter", "${promjob.version}");

  private static final String[][] PROMJOB = {
    {"promjob-parent", "", "pom"},
    {"promjob-lib", "lib", "jar"},
    {"promjob-gateway-adapter", "gateway-adapter", "jar"},
    {"promjob-spring-boot-starter", "spring-boot-starter", "jar"},
  };

  private BootApps() {}

  /** {@code <dependency>} of {@code group:artifact}, with {@code version} when not null. */
  static String dependency(String group, String artifact, String version) {
    return "<dependency><groupId>"
        + group
        + "</groupId><artifactId>"
        + artifact
        + "</artifactId>"
        + (version == null ? "" : "<version>" + version + "</version>")
        + "</dependency>";
  }

  /**
   * The class path of the application {@code name}: Boot {@code bootVersion}'s parent, {@code
   * properties} and {@code dependencies} in that order (Maven's nearest-first mediation follows
   * declaration order), then the compat app's own classes.
   */
  static String classPath(
      String name, String bootVersion, Map<String, String> properties, List<String> dependencies)
      throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("promjobtest.root")).toAbsolutePath().normalize();
    String version = System.getProperty("promjobtest.version");
    Path work = root.resolve("spring-boot-starter/target/boot-apps");
    Path repo = work.resolve("m2");
    seed(root, repo, version);
    Path dir = work.resolve(name);
    Files.createDirectories(dir);
    StringBuilder props = new StringBuilder("<promjob.version>" + version + "</promjob.version>");
    properties.forEach(
        (k, v) ->
            props.append('<').append(k).append('>').append(v).append("</").append(k).append('>'));
    String home = Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString();
    String repos =
        "<repository><id>home-m2</id><url>"
            + home
            + "</url><snapshots><enabled>false</enabled></snapshots></repository>";
    String pom =
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
            + "<parent><groupId>org.springframework.boot</groupId>"
            + "<artifactId>spring-boot-starter-parent</artifactId><version>"
            + bootVersion
            + "</version><relativePath/></parent>"
            + "<groupId>dev.promjob.compat</groupId><artifactId>"
            + name
            + "</artifactId><version>1</version><properties>"
            + props
            + "</properties><repositories>"
            + repos
            + "</repositories><pluginRepositories>"
            + repos.replace("repository>", "pluginRepository>")
            + "</pluginRepositories><dependencies>"
            + String.join("", dependencies)
            + "</dependencies></project>";
    Files.writeString(dir.resolve("pom.xml"), pom);
    Path cp = dir.resolve("cp.txt");
    Files.deleteIfExists(cp);
    Path log = dir.resolve("resolve.log");
    List<String> cmd =
        List.of(
            mvn(),
            "-B",
            "-Dmaven.repo.local=" + repo,
            "-f",
            dir.resolve("pom.xml").toString(),
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
            "-Dmdep.includeScope=runtime",
            "-Dmdep.outputFile=" + cp);
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(RESOLVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "nested Maven did not resolve "
              + name
              + " within "
              + RESOLVE_TIMEOUT
              + ":\n"
              + tail(log));
    }
    if (p.exitValue() != 0 || !Files.exists(cp)) {
      throw new AssertionError("nested Maven failed to resolve " + name + ":\n" + tail(log));
    }
    Path classes = dir.resolve("classes");
    copyApp(classes);
    return Files.readString(cp).trim() + File.pathSeparator + classes;
  }

  /** The run of a compat app: its exit code and its whole output. */
  record Exit(int code, String output) {}

  /** Runs the compat app on {@code classPath} until it exits, within {@code timeout}. */
  static Exit run(
      String classPath, Path dir, Map<String, String> env, Duration timeout, String... args)
      throws IOException, InterruptedException {
    Process p = start(classPath, dir, env, args);
    p.getOutputStream().close();
    Path log = dir.resolve("app.log");
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "the Boot application did not exit within " + timeout + ":\n" + tail(log));
    }
    return new Exit(p.exitValue(), Files.readString(log));
  }

  /** Starts the compat app on {@code classPath}, its output in {@code dir/app.log}. */
  static Process start(String classPath, Path dir, Map<String, String> env, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath));
    cmd.add(dev.promjob.compatapp.CompatApp.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("app.log").toFile());
    // A run the test stops leaves its metrics file's directory in TMPDIR: the test's own.
    pb.environment().put("TMPDIR", dir.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMJOB_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no output)";
    }
    String s = Files.readString(log, StandardCharsets.UTF_8);
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }

  private static String mvn() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }

  /**
   * The reactor's promjob poms and jars, as an install would lay them, in the nested repository.
   */
  private static void seed(Path root, Path repo, String version) throws IOException {
    for (String[] a : PROMJOB) {
      Path module = a[1].isEmpty() ? root : root.resolve(a[1]);
      Path to = repo.resolve("dev/promjob").resolve(a[0]).resolve(version);
      Files.createDirectories(to);
      Files.copy(
          module.resolve("pom.xml"),
          to.resolve(a[0] + "-" + version + ".pom"),
          StandardCopyOption.REPLACE_EXISTING);
      if (a[2].equals("jar")) {
        Path jar = module.resolve("target").resolve(a[0] + "-" + version + ".jar");
        if (!Files.exists(jar)) {
          throw new AssertionError(jar + " is missing: run the IT through mvn verify with -am");
        }
        Files.copy(
            jar, to.resolve(a[0] + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The compat app's classes alone: its package, so that its component scan finds nothing else. */
  private static void copyApp(Path classes) throws IOException {
    JavaChild.deleteTree(classes);
    String pkg = dev.promjob.compatapp.CompatApp.class.getPackageName().replace('.', '/');
    Path from =
        Path.of(
            System.getProperty("promjobtest.root"), "spring-boot-starter/target/test-classes", pkg);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Path to = classes.resolve(pkg).resolve(f.getFileName().toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
  }
}
