package dev.promjob.gateway;

import dev.promjob.spi.ReportRefusedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP with a deadline on everything: a connect timeout, a timeout per request that covers the
 * whole response (headers and body), and one deadline for all attempts. Connection failures, 5xx
 * and 429 are retried with exponential backoff and jitter; any other 4xx is final. Messages name
 * the method and the URL, never a credential (they travel only in headers).
 *
 * <p>Built on {@link java.net.HttpURLConnection}, not {@code java.net.http.HttpClient}: a job
 * pushes once and exits, and HttpClient's start-up (its selector thread, and the default SSLContext
 * even for plain http) cost a service-level job half a second.
 */
final class Transport {
  /** Threads that wait for responses, so that the caller can stop waiting at its deadline. */
  private static final ExecutorService SENDERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "promjob-push");
            t.setDaemon(true); // never keeps a finished job's JVM alive
            return t;
          });

  /** Remote write asks for one; a configured {@code User-Agent} header replaces it. */
  static final String USER_AGENT =
      "promjob/"
          + java.util.Objects.requireNonNullElse(
              Transport.class.getPackage().getImplementationVersion(), "dev");

  private final HttpSettings http;

  Transport(HttpSettings http) {
    this.http = http;
  }

  /** A 2xx response's body, within a deadline of its own. */
  byte[] send(String method, URI uri, byte[] body, String contentType) throws IOException {
    return sendWith(
        method, uri, body, contentType == null ? List.of() : List.of("Content-Type", contentType));
  }

  /**
   * A 2xx response's body, within a deadline of its own; {@code headers} (name, value, ...) go with
   * this request only, after the settings' own.
   */
  byte[] sendWith(String method, URI uri, byte[] body, List<String> headers) throws IOException {
    return send(method, uri, body, headers, deadlineFromNow());
  }

  /** A 2xx response's body, giving up at {@code end} (see {@link #deadlineFromNow()}). */
  byte[] sendUntil(String method, URI uri, byte[] body, List<String> headers, long end)
      throws IOException {
    return send(method, uri, body, headers, end);
  }

  /** A 2xx response's body to a GET, giving up at {@code end}. */
  byte[] get(URI uri, long end) throws IOException {
    return send("GET", uri, null, List.of(), end);
  }

  /** The {@link System#nanoTime()} at which a deadline starting now ends. */
  long deadlineFromNow() {
    return System.nanoTime() + http.deadline().toNanos();
  }

  /**
   * A 2xx response's body; gives up at {@code end} (a {@link System#nanoTime()}), which calls of
   * one report share.
   *
   * @throws IOException saying what happened, with the last failure as its cause and the earlier
   *     ones suppressed
   */
  private byte[] send(String method, URI uri, byte[] body, List<String> headers, long end)
      throws IOException {
    String what = method + " " + HttpEndpoint.shown(uri); // a query's credentials as ****
    IOException last = null;
    List<IOException> earlier = new ArrayList<>();
    int attempts = 0;
    for (int attempt = 0; attempt <= http.retries(); attempt++) {
      long remaining = end - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      if (last != null) {
        earlier.add(last);
      }
      attempts++;
      long timeout = Math.min(http.requestTimeout().toNanos(), remaining);
      Exchange exchange = new Exchange(http, method, uri, body, headers, timeout);
      Future<Exchange.Response> future = SENDERS.submit(exchange);
      Exchange.Response response;
      try {
        // Socket timeouts bound each read; this bounds the whole exchange, a dripping body too.
        response = future.get(timeout, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        abortLater(exchange, future);
        last = noResponse(timeout, e);
        pause(attempt, end);
        continue;
      } catch (ExecutionException e) {
        // Decided on the JDK's exception, shown without any text that might carry a header value.
        Throwable cause = e.getCause();
        Throwable shown = HttpFailures.shown(cause, http.headers());
        if (cause instanceof SocketTimeoutException) {
          // The socket's read timeout and the wait above bound the same thing: one wording.
          last = noResponse(timeout, shown);
        } else if (cause instanceof IOException io && !HttpFailures.isPermanent(io)) {
          last = (IOException) shown;
        } else {
          throw failure(
              what + ": " + HttpFailures.describe(shown) + " (not retried: it cannot heal)",
              shown,
              earlier);
        }
        pause(attempt, end);
        continue;
      } catch (InterruptedException e) {
        abortLater(exchange, future);
        Thread.currentThread().interrupt();
        throw failure(what + ": interrupted", e, earlier);
      }
      int status = response.status();
      if (status >= 200 && status < 300) {
        return response.body();
      }
      String detail = status + " " + HttpFailures.bodyText(response.body());
      if (status != 429 && status < 500) {
        String hint =
            status == 401 || status == 403
                ? http.hasAuthorization()
                    ? ": the credentials were refused"
                    : ": it wants credentials, and none are configured"
                : "";
        // The request itself is wrong: sending it again cannot help. A 400 or 422 refuses what
        // the report holds (a TYPE clash with another group): see ReportRefusedException.
        if (status == 400 || status == 422) {
          ReportRefusedException refused = new ReportRefusedException(what + " answered " + detail);
          earlier.forEach(refused::addSuppressed);
          throw refused;
        }
        throw failure(what + " answered " + detail + hint, null, earlier);
      }
      last = new IOException("answered " + detail);
      pause(attempt, end);
    }
    String why =
        System.nanoTime() - end >= 0
            ? "deadline of "
                + Durations.format(http.deadline())
                + " reached after "
                + plural(attempts)
            : "failed after " + plural(attempts);
    throw failure(
        what
            + ": "
            + why
            + "; last: "
            + (last == null ? "no attempt" : HttpFailures.describe(last)),
        last,
        earlier);
  }

  private static String plural(int attempts) {
    return attempts + (attempts == 1 ? " attempt" : " attempts");
  }

  private static IOException noResponse(long timeoutNanos, Throwable cause) {
    IOException e =
        new SocketTimeoutException(
            "no complete response within " + Durations.format(Duration.ofNanos(timeoutNanos)));
    e.initCause(cause);
    return e;
  }

  private static IOException failure(String message, Throwable cause, List<IOException> earlier) {
    IOException e = new IOException(message, cause);
    earlier.forEach(e::addSuppressed);
    return e;
  }

  /**
   * Closes an exchange the caller gave up on, on another thread: closing a connection whose body
   * still drips can block until the next byte, and the caller's deadline is already over.
   */
  private static void abortLater(Exchange exchange, Future<Exchange.Response> future) {
    future.cancel(true);
    SENDERS.execute(exchange::abort);
  }

  private void pause(int attempt, long end) throws IOException {
    if (attempt >= http.retries()) {
      return;
    }
    long base = http.backoff().toNanos() << Math.min(attempt, 20);
    long jittered = (long) (base * ThreadLocalRandom.current().nextDouble(0.5, 1.5));
    long wait = Math.min(jittered, end - System.nanoTime());
    if (wait <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry", e);
    }
  }
}
