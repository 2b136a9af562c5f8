package dev.promjob.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What promjob logs on its {@code dev.promjob} logger (java.util.logging, the platform default)
 * while the capture is open.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.start()) { backend.check(job); assertThat(log.messages()).hasSize(1); }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger("dev.promjob");

  private LogCapture() {
    logger.addHandler(this);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  public List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Override
  public void publish(LogRecord r) {
    records.add(r);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
