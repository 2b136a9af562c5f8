package dev.promjob.cli;

import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Catches SIGTERM, SIGINT and SIGHUP so that {@code promjob run} can pass them to its command and
 * report the run, instead of the JVM shutting down under it. (SIGQUIT cannot be caught: HotSpot
 * keeps it for its thread dump, which it prints on stdout.)
 *
 * <p>Through reflection on {@code sun.misc.Signal} (module jdk.unsupported, in every JDK since 9):
 * the JDK has no public API for it, and javac's warning on the direct use cannot be suppressed.
 * Where it is missing, the JVM's own handling stays: the lib's shutdown hook then reports the run
 * as failed, and the command is ended by {@link #onShutdown}.
 */
final class Signals {
  static final String[] FORWARDED = {"TERM", "INT", "HUP"};

  private Signals() {}

  /**
   * Calls {@link Command#signal} with the signal's name ({@code TERM}, {@code INT}, {@code HUP}) on
   * a JVM thread, each time one arrives.
   *
   * @return false if SIGTERM could not be caught
   */
  static boolean handle(Command handler) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object h = handlerOf(handler, signal, handlerType);
      boolean term = false;
      for (String name : FORWARDED) {
        try {
          Object s = signal.getConstructor(String.class).newInstance(name);
          signal.getMethod("handle", signal, handlerType).invoke(null, s, h);
          term |= name.equals("TERM");
        } catch (ReflectiveOperationException | RuntimeException e) {
          // Ignored by whoever started promjob (SIGINT of a background job): then the command
          // ignores it too, as under a shell.
        }
      }
      return term;
    } catch (ReflectiveOperationException
        | LambdaConversionException
        | RuntimeException
        | LinkageError e) {
      return false;
    }
  }

  /**
   * A {@code sun.misc.SignalHandler} calling {@link #received}: made as javac makes a lambda (the
   * class the class-data sharing archive keeps, a few hundred microseconds), not as a {@code
   * java.lang.reflect.Proxy}, whose class is generated anew in every run with its own dynamic
   * module, a few milliseconds of each run's start.
   */
  private static Object handlerOf(Command handler, Class<?> signal, Class<?> handlerType)
      throws ReflectiveOperationException, LambdaConversionException {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    MethodType handle = MethodType.methodType(void.class, signal);
    MethodHandle factory =
        LambdaMetafactory.metafactory(
                lookup,
                "handle",
                MethodType.methodType(handlerType, Command.class),
                handle,
                lookup.findStatic(
                    Signals.class,
                    "received",
                    MethodType.methodType(void.class, Command.class, Object.class)),
                handle)
            .getTarget();
    try {
      return factory.invoke(handler);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // a factory throws nothing checked: it only allocates
      throw new IllegalStateException(e);
    }
  }

  /** A signal arrived: its name, as {@code sun.misc.Signal}'s toString gives it ("SIGTERM"). */
  private static void received(Command handler, Object signal) {
    String name = signal.toString();
    handler.signal(name.startsWith("SIG") ? name.substring(3) : name);
  }

  /** Where signals cannot be caught: the command is still ended when the JVM shuts down. */
  static void onShutdown(Command command, AutoCloseable after) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread("promjob-end-command") {
              @Override
              public void run() {
                command.endAtShutdown();
                try {
                  after.close(); // once the command has ended: what it left is removed
                } catch (Exception e) {
                  System.err.println("promjob: " + e.getMessage());
                }
              }
            });
  }

  /**
   * Sends signal {@code name} to {@code process} alone (TERM and KILL without spawning anything):
   * where the command has no process group of its own.
   */
  static void send(ProcessHandle process, String name) {
    switch (name) {
      case "TERM" -> process.destroy();
      case "KILL" -> process.destroyForcibly();
      default -> {
        // The JDK can send only TERM and KILL; kill(1) sends the rest.
        try {
          new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
              .inheritIO()
              .start()
              .waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
          process.destroy(); // no kill(1): TERM is the closest
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
