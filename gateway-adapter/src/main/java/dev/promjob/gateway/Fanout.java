package dev.promjob.gateway;

import static java.util.stream.Collectors.joining;

import dev.promjob.spi.ReportRefusedException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request to each of several servers at once, within the one deadline of a report: each
 * server's answer or failure, and whether enough of them accepted. A report to two gateways takes
 * as long as the slower of the two, never the sum, and a gateway that hangs costs the deadline
 * once. With a single server the request runs on the caller's thread and its failure is thrown as
 * it is, exactly as before there could be several.
 *
 * <pre>{@code
 * long end = transport.deadlineFromNow();
 * Fanout.deliver(names, 1, "Pushgateways", end, i -> transports.get(i).sendUntil(...));
 * }</pre>
 */
final class Fanout {
  /**
   * How long after the deadline a request is still waited for: each one gives up at the deadline
   * itself (its transport bounds every attempt by it); this only lets it say why, in its own words.
   */
  static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** One thread per server of a report; daemons, so none keeps a finished job's JVM alive. */
  private static final ExecutorService THREADS =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "promjob-fanout");
            t.setDaemon(true);
            return t;
          });

  /** The request to the {@code i}th server. */
  @FunctionalInterface
  interface Call<T> {
    T call(int i) throws IOException;
  }

  /** What one server answered, or why not. */
  record Result<T>(T value, IOException failure) {
    boolean accepted() {
      return failure == null;
    }
  }

  private Fanout() {}

  /**
   * Sends {@code call} to each of {@code names.size()} servers and waits for them all, until {@code
   * end} (a {@link System#nanoTime()}) and a short grace at most.
   *
   * @param names each server's request as shown in messages ({@code PUT http://a:9091/...}), for
   *     one that gave no answer in time
   */
  static <T> List<Result<T>> each(List<String> names, long end, Call<T> call) {
    if (names.size() == 1) {
      try {
        return List.of(new Result<>(call.call(0), null));
      } catch (IOException e) {
        return List.of(new Result<>(null, e));
      }
    }
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      futures.add(THREADS.submit(() -> call.call(index)));
    }
    List<Result<T>> results = new ArrayList<>();
    boolean interrupted = false;
    for (int i = 0; i < futures.size(); i++) {
      Future<T> f = futures.get(i);
      try {
        long wait = interrupted ? 0 : Math.max(0, end + GRACE_NANOS - System.nanoTime());
        results.add(new Result<>(f.get(wait, TimeUnit.NANOSECONDS), null));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        results.add(
            new Result<>(
                null,
                cause instanceof IOException io
                    ? io
                    : new IOException(names.get(i) + ": " + cause, cause)));
      } catch (TimeoutException e) {
        f.cancel(true); // interrupts the transport, which then closes its connection
        results.add(
            new Result<>(null, new IOException(names.get(i) + ": no answer within the deadline")));
      } catch (InterruptedException e) {
        interrupted = true;
        f.cancel(true);
        results.add(new Result<>(null, new IOException(names.get(i) + ": interrupted", e)));
      }
    }
    if (interrupted) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
    }
    return results;
  }

  /**
   * Sends to every server, as {@link #each}, and returns when at least {@code minAccepted}
   * accepted; the others are named in one warning line.
   *
   * @param servers what the servers are, plural, for messages: {@code Pushgateways}
   * @throws IOException when fewer accepted, naming every server that did not and why (its own
   *     failure, unchanged, when there is one server); a {@link ReportRefusedException} if one of
   *     them refused what the report holds
   */
  static void deliver(List<String> names, int minAccepted, String servers, long end, Call<?> call)
      throws IOException {
    List<? extends Result<?>> results = each(names, end, call);
    List<IOException> failures = failures(results);
    int accepted = results.size() - failures.size();
    if (failures.isEmpty()) {
      return;
    }
    if (results.size() == 1 && accepted < minAccepted) {
      throw failures.get(0);
    }
    String which = which(failures);
    if (accepted >= minAccepted) {
      System.getLogger("dev.promjob.gateway") // looked up here only: a lookup starts logging
          .log(
              Level.WARNING,
              accepted
                  + " of "
                  + results.size()
                  + " "
                  + servers
                  + " accepted the report ("
                  + minAccepted
                  + " needed); not accepted by "
                  + which);
      return;
    }
    String message =
        "only "
            + accepted
            + " of "
            + results.size()
            + " "
            + servers
            + " accepted the report, "
            + minAccepted
            + " needed: "
            + which;
    boolean refused = failures.stream().anyMatch(ReportRefusedException.class::isInstance);
    IOException e = refused ? new ReportRefusedException(message) : new IOException(message);
    e.initCause(failures.get(0));
    failures.subList(1, failures.size()).forEach(e::addSuppressed);
    throw e;
  }

  /**
   * Deletes on every server, as {@link #each}, and returns only when each one did: {@code
   * min_accepted} is for reports, which the next report repairs, not for a delete, whose copy left
   * on a gateway that was down comes back when it restarts with its persistence file and stays, its
   * freshness alert firing for a job that is retired.
   *
   * @param servers what the servers are, plural, for messages: {@code Pushgateways}
   * @throws IOException when any did not, naming every one of them and why: {@code deleted from 1
   *     of 2 Pushgateways; not deleted from [DELETE http://b:9091/...: ...]} (its own failure,
   *     unchanged, when there is one server)
   */
  static void deleteFromEach(List<String> names, String servers, long end, Call<?> call)
      throws IOException {
    List<IOException> failures = failures(each(names, end, call));
    if (failures.isEmpty()) {
      return;
    }
    if (names.size() == 1) {
      throw failures.get(0);
    }
    IOException e =
        new IOException(
            "deleted from "
                + (names.size() - failures.size())
                + " of "
                + names.size()
                + " "
                + servers
                + "; not deleted from "
                + which(failures));
    e.initCause(failures.get(0));
    failures.subList(1, failures.size()).forEach(e::addSuppressed);
    throw e;
  }

  /** The failure of each server that did not accept, in the servers' order. */
  private static List<IOException> failures(List<? extends Result<?>> results) {
    return results.stream().filter(r -> !r.accepted()).map(Result::failure).toList();
  }

  /** {@code [PUT http://a...: reason], [PUT http://b...: reason]}. */
  private static String which(List<IOException> failures) {
    return failures.stream().map(e -> "[" + e.getMessage() + "]").collect(joining(", "));
  }
}
