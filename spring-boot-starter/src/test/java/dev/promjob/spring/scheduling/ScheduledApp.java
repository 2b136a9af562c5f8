package dev.promjob.spring.scheduling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A real Boot 4.1 application for the scheduling tests: actuator, Micrometer's Prometheus registry,
 * Tomcat on a free port, and scheduled methods the test drives: {@code invoiceSync.pull()} runs
 * once per command it is given (a failure when the command is an exception), {@code
 * heartbeat.beat()} every {@value #RATE_MS} ms, {@code cleanup.sweep()} on a Spring cron at second
 * 0 of every minute.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
class ScheduledApp {
  static final long RATE_MS = 2000;

  /** What the scheduler's error handler received, in order. */
  static final List<Throwable> HANDLED = new CopyOnWriteArrayList<>();

  /** A method driven by the test: each command taken is one run. */
  static class InvoiceSync {
    final BlockingQueue<Object> commands = new LinkedBlockingQueue<>();

    @Scheduled(fixedDelay = 10)
    void pull() throws InterruptedException {
      if (commands.take() instanceof RuntimeException e) {
        throw e;
      }
    }
  }

  /** A fixed-rate method that succeeds until the test cancels it. */
  static class Heartbeat {
    @Scheduled(fixedRate = RATE_MS)
    void beat() {}
  }

  /** A cron method in Spring's six fields, with its zone, that succeeds until cancelled. */
  static class Cleanup {
    @Scheduled(cron = "0 * * * * *", zone = "Europe/Berlin")
    void sweep() {}
  }

  @Bean
  InvoiceSync invoiceSync() {
    return new InvoiceSync();
  }

  @Bean
  Heartbeat heartbeat() {
    return new Heartbeat();
  }

  @Bean
  Cleanup cleanup() {
    return new Cleanup();
  }

  /** Threads enough for a method blocked on its queue, and an error handler the test reads. */
  @Bean
  ThreadPoolTaskScheduler taskScheduler() {
    ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
    s.setPoolSize(4);
    s.setThreadNamePrefix("scheduled-");
    s.setErrorHandler(HANDLED::add);
    return s;
  }

  static ConfigurableApplicationContext start(Map<String, Object> properties) {
    return new SpringApplicationBuilder(ScheduledApp.class)
        .properties(
            Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "management.endpoints.web.exposure.include", "prometheus"))
        .properties(properties)
        .run();
  }

  static int port(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  /** GET /actuator/prometheus until {@code until} accepts the body, or fails after 30 s. */
  static String awaitScrape(int port, Predicate<String> until) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String last = "";
    do {
      try {
        last =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (until.test(last)) {
          return last;
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError("after 30 s, /actuator/prometheus still says:\n" + last);
  }
}
