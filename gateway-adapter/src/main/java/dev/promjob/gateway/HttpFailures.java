package dev.promjob.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Which HTTP failures can heal, and how a failure reads in a message. */
final class HttpFailures {
  private static final int MAX_BODY_SHOWN = 1000;

  private HttpFailures() {}

  /** Failures that the same request meets again however often it is sent. */
  static boolean isPermanent(IOException e) {
    return e instanceof UnknownHostException // DNS says the name does not exist
        || e instanceof SSLHandshakeException // untrusted certificate (PKIX), no common protocol
        || e instanceof SSLPeerUnverifiedException
        || e instanceof MalformedURLException
        || e instanceof ProtocolException; // not HTTP, or a redirect loop
  }

  /** A failure in words: what the JDK leaves out of its exception messages. */
  static String describe(Throwable t) {
    if (t instanceof ConnectException) {
      return "connection failed (" + t.getMessage() + ")";
    }
    if (t instanceof SocketTimeoutException
        && t.getMessage() != null
        && t.getMessage().startsWith("no complete response")) {
      return t.getMessage();
    }
    if (t instanceof UnknownHostException) {
      return "unknown host " + t.getMessage();
    }
    if (t.getClass() == IOException.class && t.getMessage() != null) {
      return t.getMessage(); // our own wording, such as "answered 503 ..."
    }
    return String.valueOf(t);
  }

  /** A response body for a message: trimmed, cut at 1 000 characters. */
  static String bodyText(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).strip();
    if (s.length() > MAX_BODY_SHOWN) {
      s = s.substring(0, MAX_BODY_SHOWN) + "...";
    }
    return s.isEmpty() ? "(empty body)" : s;
  }
}
