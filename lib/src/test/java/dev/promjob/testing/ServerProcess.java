package dev.promjob.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server binary run as a child process on a free loopback port: started, waited for with a
 * deadline, and stopped by its own PID only.
 */
public final class ServerProcess implements AutoCloseable {
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code command} (with {@code {port}} replaced by a free loopback port), dropping root
   * privileges to {@code nobody} when asked and running as root.
   */
  public static ServerProcess start(
      String name, List<String> command, boolean unprivileged, Path logDir) throws IOException {
    return start(name, command, unprivileged, logDir, freePort());
  }

  /** As above, on {@code port}: a server restarted where its clients know it. */
  public static ServerProcess start(
      String name, List<String> command, boolean unprivileged, Path logDir, int port)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (unprivileged && isRoot()) {
      // setpriv execs the server: the PID we hold is the server's own.
      cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    }
    for (String c : command) {
      cmd.add(c.replace("{port}", Integer.toString(port)));
    }
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + "-" + port + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return new ServerProcess(name, p, log, port);
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits until GET {@code path} answers 200 with a body {@code ready} accepts. */
  public ServerProcess awaitReady(String path, Predicate<String> ready) throws IOException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " during start-up:\n" + tail());
      }
      try {
        HttpResponse<String> r = get(path);
        if (r.statusCode() == 200 && ready.test(r.body())) {
          return this;
        }
        last = "status " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      sleep(50);
    }
    close();
    throw new AssertionError(
        name + " not ready after " + READY_TIMEOUT + " (" + last + "):\n" + tail());
  }

  public HttpResponse<String> get(String path) throws IOException {
    return get(path, Duration.ofSeconds(10));
  }

  /** A GET whose whole answer must come within {@code timeout} (a large scrape takes longer). */
  public HttpResponse<String> get(String path, Duration timeout) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(timeout).GET().build();
    try {
      return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The last lines of the server's log, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops exactly this process: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
