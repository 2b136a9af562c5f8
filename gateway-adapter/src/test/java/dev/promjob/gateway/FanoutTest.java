package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.spi.ReportRefusedException;
import dev.promjob.testing.LogCapture;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The quorum: how many accepted, and every one that did not named. */
class FanoutTest {
  static final List<String> THREE = List.of("PUT http://a", "PUT http://b", "PUT http://c");

  static long far() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
  }

  static Fanout.Call<Void> failing(int... which) {
    return i -> {
      for (int w : which) {
        if (w == i) {
          throw new IOException(THREE.get(i) + ": answered 503");
        }
      }
      return null;
    };
  }

  @Test
  void enoughAcceptedReturnsAndNamesTheOthersInOneWarningLine() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      Fanout.deliver(THREE, 2, "Pushgateways", far(), failing(1));
      assertThat(log.messages())
          .containsExactly(
              "2 of 3 Pushgateways accepted the report (2 needed); not accepted by"
                  + " [PUT http://b: answered 503]");
    }
  }

  @Test
  void allAcceptedSaysNothing() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      Fanout.deliver(THREE, 3, "Pushgateways", far(), failing());
      assertThat(log.messages()).isEmpty();
    }
  }

  @Test
  void tooFewAcceptedThrowsNamingEveryOneThatDidNot() {
    assertThatThrownBy(() -> Fanout.deliver(THREE, 2, "Pushgateways", far(), failing(0, 2)))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(
            "only 1 of 3 Pushgateways accepted the report, 2 needed: [PUT http://a: answered"
                + " 503], [PUT http://c: answered 503]")
        .hasCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }

  @Test
  void oneServerThrowsItsOwnFailureUnchanged() {
    IOException own = new IOException("PUT http://a: failed after 4 attempts");
    assertThatThrownBy(
            () ->
                Fanout.deliver(
                    List.of("PUT http://a"),
                    1,
                    "Pushgateways",
                    far(),
                    i -> {
                      throw own;
                    }))
        .isSameAs(own);
  }

  @Test
  void oneServerRunsOnTheCallersThread() throws IOException {
    Thread caller = Thread.currentThread();
    List<Fanout.Result<Thread>> r =
        Fanout.each(List.of("PUT http://a"), far(), i -> Thread.currentThread());
    assertThat(r.get(0).value()).isSameAs(caller);
  }

  @Test
  void aRefusalAmongTooFewIsAReportRefusal() {
    assertThatThrownBy(
            () ->
                Fanout.deliver(
                    THREE.subList(0, 2),
                    1,
                    "Pushgateways",
                    far(),
                    i -> {
                      throw i == 0
                          ? new ReportRefusedException("PUT http://a answered 400 type clash")
                          : new IOException("PUT http://b: connection refused");
                    }))
        .isInstanceOf(ReportRefusedException.class)
        .hasMessageContaining("[PUT http://a answered 400 type clash]");
  }

  @Test
  void theServersAreAskedAtOnceNotOneAfterTheOther() throws IOException {
    // Each call waits until all three have started: sequential calls would never get there.
    CountDownLatch started = new CountDownLatch(3);
    List<Fanout.Result<Boolean>> r =
        Fanout.each(
            THREE,
            far(),
            i -> {
              started.countDown();
              try {
                return started.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
            });
    assertThat(r).allMatch(x -> Boolean.TRUE.equals(x.value()));
  }

  @Test
  void aServerThatGivesNoAnswerByTheDeadlineIsNamedAndItsThreadStopped() {
    ConcurrentHashMap<Integer, Boolean> interrupted = new ConcurrentHashMap<>();
    CountDownLatch stopped = new CountDownLatch(1);
    long end = System.nanoTime(); // already over: nothing is waited for beyond the grace
    List<Fanout.Result<Object>> r =
        Fanout.each(
            THREE.subList(0, 2),
            end,
            i -> {
              if (i == 0) {
                return "fast";
              }
              try {
                new CountDownLatch(1).await(); // hangs until interrupted
              } catch (InterruptedException e) {
                interrupted.put(i, true);
                stopped.countDown();
              }
              return "never";
            });
    assertThat(r.get(0).value()).isEqualTo("fast");
    assertThat(r.get(1).failure()).hasMessage("PUT http://b: no answer within the deadline");
    assertThat(awaitQuietly(stopped)).as("the hung call was interrupted").isTrue();
  }

  static boolean awaitQuietly(CountDownLatch l) {
    try {
      return l.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void anInterruptedCallerStopsEveryCallAndKeepsItsInterrupt() {
    // A call cancelled before its thread took it never runs: each one that did run is the one that
    // must have been stopped, however the threads were scheduled.
    AtomicInteger started = new AtomicInteger();
    Semaphore stopped = new Semaphore(0);
    Thread.currentThread().interrupt();
    List<Fanout.Result<Object>> r =
        Fanout.each(
            THREE.subList(0, 2),
            far(),
            i -> {
              started.incrementAndGet();
              try {
                new CountDownLatch(1).await(); // hangs until interrupted
              } catch (InterruptedException e) {
                stopped.release();
              }
              return "never";
            });
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(r.get(0).failure()).hasMessage("PUT http://a: interrupted");
    assertThat(r).allSatisfy(each -> assertThat(each.accepted()).isFalse());
    assertThat(acquireQuietly(stopped, started.get())).as("the calls were stopped").isTrue();
  }

  static boolean acquireQuietly(Semaphore s, int permits) {
    try {
      return s.tryAcquire(permits, 20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void aDeleteThatOneServerDidNotDoThrowsNamingItWhateverTheQuorum() {
    assertThatThrownBy(() -> Fanout.deleteFromEach(THREE, "Pushgateways", far(), failing(1)))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage(
            "deleted from 2 of 3 Pushgateways; not deleted from [PUT http://b: answered 503]")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aDeleteThatSeveralServersDidNotDoKeepsEachFailure() {
    assertThatThrownBy(() -> Fanout.deleteFromEach(THREE, "Pushgateways", far(), failing(0, 2)))
        .hasMessage(
            "deleted from 1 of 3 Pushgateways; not deleted from [PUT http://a: answered 503],"
                + " [PUT http://c: answered 503]")
        .satisfies(
            e -> {
              assertThat(e.getCause()).hasMessage("PUT http://a: answered 503");
              assertThat(e.getSuppressed())
                  .singleElement()
                  .extracting(Throwable::getMessage)
                  .isEqualTo("PUT http://c: answered 503");
            });
  }

  @Test
  void aDeleteDoneEverywhereReturnsAndOneServerThrowsItsOwnFailureUnchanged() throws IOException {
    Fanout.deleteFromEach(THREE, "Pushgateways", far(), failing());
    IOException own = new IOException("DELETE http://a: failed after 4 attempts");
    assertThatThrownBy(
            () ->
                Fanout.deleteFromEach(
                    List.of("DELETE http://a"),
                    "Pushgateways",
                    far(),
                    i -> {
                      throw own;
                    }))
        .isSameAs(own);
  }
}
