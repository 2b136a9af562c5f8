package dev.promjob.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP with a deadline on everything: a connect timeout, a timeout per request that covers the whole
 * response (headers and body), and one deadline for all attempts. Connection failures, 5xx and 429
 * are retried with exponential backoff and jitter; any other 4xx is final. Messages name the method
 * and the URL, never a credential (they travel only in headers).
 */
final class Transport {
  private static final int MAX_BODY_SHOWN = 1000;

  /** Threads that wait for responses, so that the caller can stop waiting at its deadline. */
  private static final ExecutorService SENDERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "promjob-push");
            t.setDaemon(true); // never keeps a finished job's JVM alive
            return t;
          });

  private final HttpClient client;
  private final List<String> headers; // name, value, name, value...
  private final Duration requestTimeout;
  private final Duration deadline;
  private final int retries;
  private final Duration backoff;

  Transport(
      HttpClient client,
      List<String> headers,
      Duration requestTimeout,
      Duration deadline,
      int retries,
      Duration backoff) {
    this.client = client;
    this.headers = List.copyOf(headers);
    this.requestTimeout = requestTimeout;
    this.deadline = deadline;
    this.retries = retries;
    this.backoff = backoff;
  }

  /** A 2xx response's body, within a deadline of its own. */
  byte[] send(String method, URI uri, byte[] body, String contentType) throws IOException {
    return send(method, uri, body, contentType, deadlineFromNow());
  }

  /** The {@link System#nanoTime()} at which a deadline starting now ends. */
  long deadlineFromNow() {
    return System.nanoTime() + deadline.toNanos();
  }

  /**
   * A 2xx response's body; gives up at {@code end} (a {@link System#nanoTime()}), which calls of
   * one report share.
   */
  byte[] send(String method, URI uri, byte[] body, String contentType, long end) throws IOException {
    String what = method + " " + uri;
    String last = "no attempt";
    for (int attempt = 0; attempt <= retries; attempt++) {
      long remaining = end - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      long timeout = Math.min(requestTimeout.toNanos(), remaining);
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofNanos(timeout))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        rb.header("Content-Type", contentType);
      }
      for (int i = 0; i < headers.size(); i += 2) {
        rb.header(headers.get(i), headers.get(i + 1));
      }
      HttpRequest request = rb.build();
      // Not client.sendAsync: it hands every response to the common pool, which on one or two
      // CPUs means a new thread per request. A pooled thread of ours runs the blocking send; a
      // cancel interrupts it, and the interrupted send aborts the exchange.
      Future<HttpResponse<byte[]>> future =
          SENDERS.submit(() -> client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
      HttpResponse<byte[]> response;
      try {
        // The request timeout stops at the headers; this bounds a slow body too.
        response = future.get(timeout, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        last = "no complete response within " + Duration.ofNanos(timeout).toMillis() + " ms";
        pause(attempt, end);
        continue;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        last = describe(cause);
        if (!(cause instanceof IOException)) {
          throw new IOException(what + ": " + last, cause);
        }
        pause(attempt, end);
        continue;
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new IOException(what + ": interrupted", e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response.body();
      }
      String detail = status + " " + bodyText(response.body());
      if (status != 429 && status < 500) {
        throw new IOException(what + " answered " + detail); // the request itself is wrong
      }
      last = "answered " + detail;
      pause(attempt, end);
    }
    throw new IOException(
        what + " failed within the deadline of " + deadline.toMillis() + " ms (up to "
            + (retries + 1) + " attempts); last: " + last);
  }

  private void pause(int attempt, long end) throws IOException {
    if (attempt >= retries) {
      return;
    }
    long base = backoff.toNanos() << Math.min(attempt, 20);
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

  private static String describe(Throwable t) {
    if (t instanceof ConnectException) {
      return "connection failed (" + t + ")";
    }
    return String.valueOf(t);
  }

  private static String bodyText(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).strip();
    if (s.length() > MAX_BODY_SHOWN) {
      s = s.substring(0, MAX_BODY_SHOWN) + "...";
    }
    return s.isEmpty() ? "(empty body)" : s;
  }
}
