package dev.promjob.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

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
      InvocationHandler call = new InvocationHandler() { // not a lambda: see Args
            @Override
            public Object invoke(Object proxy, Method method, Object[] args)
                throws ReflectiveOperationException {
              if (method.getName().equals("handle")) {
                handler.signal((String) signal.getMethod("getName").invoke(args[0]));
                return null;
              }
              return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "promjob signal handler";
              };
            }
          };
      Object h =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(), new Class<?>[] {handlerType}, call);
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
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
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
