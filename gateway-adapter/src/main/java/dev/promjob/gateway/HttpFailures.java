package dev.promjob.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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

  /**
   * {@code t} as it may be shown and logged, with its causes: an exception from setting up or
   * making a connection whose text might carry a header value (it names a header, holds a control
   * character, or contains one of {@code headers}' values) is replaced by a {@link Withheld} that
   * keeps its class and stack trace but not that text. The JDK puts a refused header's whole value,
   * a credential, into its message ("Illegal character(s) in message header value: Bearer ...").
   *
   * @param headers name, value, ... as sent: the values are the texts never to show
   */
  static Throwable shown(Throwable t, List<String> headers) {
    if (t == null || safe(t, headers)) {
      return t;
    }
    return new Withheld(t, headers);
  }

  private static boolean safe(Throwable t, List<String> headers) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (!safeText(c.getMessage(), headers)) {
        return false;
      }
      for (Throwable s : c.getSuppressed()) {
        if (!safe(s, headers)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean safeText(String text, List<String> headers) {
    if (text == null) {
      return true;
    }
    if (text.toLowerCase(Locale.ROOT).contains("header") || HttpValues.hasControlCharacter(text)) {
      return false;
    }
    for (int i = 1; i < headers.size(); i += 2) {
      // A value shorter than four characters ("1", "on") is no credential, and would hide
      // innocent texts that happen to contain it.
      String value = headers.get(i).strip();
      if (value.length() >= 4 && text.contains(value)) {
        return false;
      }
      int space = value.indexOf(' '); // "Bearer <token>": the token alone too
      if (space > 0 && value.length() - space > 4 && text.contains(value.substring(space + 1))) {
        return false;
      }
    }
    return true;
  }

  /**
   * An exception whose text was withheld: it reads as its original's class, its stack trace is the
   * original's, and its causes are shown the same way.
   */
  static final class Withheld extends IOException {
    private static final long serialVersionUID = 1L;
    private final String original;

    Withheld(Throwable t, List<String> headers) {
      super(
          safeText(t.getMessage(), headers)
              ? t.getMessage()
              : "(its text is withheld: it may carry a header value)",
          shown(t.getCause(), headers));
      this.original = t.getClass().getName();
      setStackTrace(t.getStackTrace());
      for (Throwable s : t.getSuppressed()) {
        addSuppressed(shown(s, headers));
      }
    }

    @Override
    public String toString() {
      return original + ": " + getMessage();
    }
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
