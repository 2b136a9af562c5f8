package dev.promjob.internal;

import java.lang.System.Logger.Level;

/**
 * The {@code dev.promjob} logger, looked up on first use: the lookup starts the platform's logging
 * (java.util.logging by default), a cost a job that never logs should not pay at start-up.
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class Log {
  private Log() {}

  private static final class Holder {
    static final System.Logger LOGGER = System.getLogger("dev.promjob");
  }

  public static void log(Level level, String message) {
    Holder.LOGGER.log(level, message);
  }

  public static void log(Level level, String message, Throwable thrown) {
    Holder.LOGGER.log(level, message, thrown);
  }
}
