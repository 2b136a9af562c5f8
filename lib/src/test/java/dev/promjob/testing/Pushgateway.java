package dev.promjob.testing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

/** The real Pushgateway (Debian 1.5.1), in memory, on a free loopback port. */
public final class Pushgateway implements AutoCloseable {
  private final ServerProcess server;

  private Pushgateway(ServerProcess server) {
    this.server = server;
  }

  public static Pushgateway start(Path logDir) throws IOException {
    return start(logDir, new String[0]);
  }

  /** With extra command-line flags, e.g. {@code --push.disable-consistency-check}. */
  public static Pushgateway start(Path logDir, String... flags) throws IOException {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Binaries.pushgateway().toString(),
                "--web.listen-address=127.0.0.1:{port}",
                "--persistence.file="));
    cmd.addAll(List.of(flags));
    ServerProcess s = ServerProcess.start("pushgateway", cmd, false, logDir);
    s.awaitReady("/-/ready", body -> true);
    return new Pushgateway(s);
  }

  public String url() {
    return server.baseUrl();
  }

  /** GET a path; fails on a status other than 200. */
  public String get(String path) throws IOException {
    return get(path, java.time.Duration.ofSeconds(10));
  }

  /** GET a path within {@code timeout}; fails on a status other than 200. */
  public String get(String path, java.time.Duration timeout) throws IOException {
    HttpResponse<String> r = server.get(path, timeout);
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " answered " + r.statusCode() + ":\n" + r.body() + "\n" + server.tail());
    }
    return r.body();
  }

  public String logTail() {
    return server.tail();
  }

  @Override
  public void close() {
    server.close();
  }
}
