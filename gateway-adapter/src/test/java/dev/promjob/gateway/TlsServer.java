package dev.promjob.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS listener on loopback with a self-signed certificate (made by the JDK's keytool) that no
 * client trusts: every handshake fails the way an untrusted gateway certificate does (PKIX).
 */
final class TlsServer implements AutoCloseable {
  private final SSLServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();

  private TlsServer(SSLServerSocket socket) {
    this.socket = socket;
    Thread t = new Thread(this::serve, "tls-test-server");
    t.setDaemon(true);
    t.start();
  }

  static TlsServer start(Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      keytool.destroyForcibly();
      throw new IOException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket s =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
    return new TlsServer(s);
  }

  URI uri() {
    return URI.create("https://127.0.0.1:" + socket.getLocalPort() + "/metrics/job/j");
  }

  /** Connections accepted so far: one per attempt. */
  int connections() {
    return connections.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (SSLSocket c = (SSLSocket) socket.accept()) {
        connections.incrementAndGet();
        c.setSoTimeout(5000);
        try {
          c.startHandshake();
        } catch (IOException expected) {
          // the client refuses the certificate
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
