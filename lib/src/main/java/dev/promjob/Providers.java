package dev.promjob;

import dev.promjob.internal.BundledProviders;
import dev.promjob.internal.Checks;
import dev.promjob.internal.Log;
import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finding backends: the providers a class loader lists (one that fails to load never hides the
 * others), and the one that makes a backend of a given name.
 */
final class Providers {
  private static final String ADAPTER_ARTIFACT = "dev.promjob:promjob-gateway-adapter";

  private Providers() {}

  /**
   * The backend named {@code name}, made by the one provider of that name that {@code loader}
   * lists.
   *
   * @throws IllegalStateException naming what was found and what failed to load, if no provider has
   *     that name, or naming the classes if more than one has
   */
  static Backend create(String name, ClassLoader loader, Config config) {
    List<String> found = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    List<BackendProvider> matching = new ArrayList<>();
    // A plain loop over the iterator, not a callback: a lambda costs a cold JVM about 1 ms, and
    // every
    // job comes here first.
    Iterator<BackendProvider> it = providers(loader);
    while (true) {
      BackendProvider provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        broken.add(e.getMessage());
        Log.log(Level.WARNING, "a promjob backend provider failed to load: " + e.getMessage(), e);
        continue;
      }
      String providerName;
      try {
        providerName = provider.name();
      } catch (RuntimeException e) {
        broken.add(provider.getClass().getName() + ": " + e);
        continue;
      }
      if (name.equals(providerName)) {
        matching.add(provider);
      } else {
        found.add(providerName);
      }
    }
    if (matching.size() > 1) {
      // Class-path order would pick one in silence, and a reordered class path another.
      List<String> classes = new ArrayList<>();
      matching.forEach(p -> classes.add(p.getClass().getName()));
      throw new IllegalStateException(
          "'"
              + Checks.printable(name)
              + "': backend name provided by "
              + matching.size()
              + " classes on the class path, "
              + classes
              + "; remove all but one");
    }
    if (matching.size() == 1) {
      // No logging here: looking the logger up starts java.util.logging, tens of ms of every job.
      return matching.get(0).create(config);
    }
    String hint =
        name.equals(Reporter.PUSHGATEWAY)
            ? ": add the artifact "
                + ADAPTER_ARTIFACT
                + ", inject a backend with Reporter.builder().backend(Scope.SERVICE_LEVEL, ...),"
                + " or declare the job machine-bound"
            : name.equals(Reporter.TEXTFILE)
                ? ": lib's META-INF/services/"
                    + BackendProvider.class.getName()
                    + " is missing (a shaded jar must merge service files)"
                : "";
    throw new IllegalStateException(
        "no '"
            + Checks.printable(name)
            + "' backend on the class path"
            + hint
            + (found.isEmpty() ? "" : "; backends found: " + found)
            + (broken.isEmpty() ? "" : "; providers that failed to load: " + broken));
  }

  /**
   * The providers {@code loader} lists: what {@link ServiceLoader} finds, unless {@link
   * BundledProviders#PROPERTY} names them. Each is made as it is asked for; one that fails to load
   * throws {@link ServiceConfigurationError} from {@code next()}, as ServiceLoader's iterator does,
   * and the others still come.
   */
  static Iterator<BackendProvider> providers(ClassLoader loader) {
    String bundled = System.getProperty(BundledProviders.PROPERTY);
    if (bundled == null) {
      return ServiceLoader.load(BackendProvider.class, loader).iterator();
    }
    String[] names = bundled.split(",");
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < names.length;
      }

      @Override
      public BackendProvider next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String name = names[next++].trim();
        try {
          return Class.forName(name, true, loader)
              .asSubclass(BackendProvider.class)
              .getConstructor()
              .newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
          throw new ServiceConfigurationError(
              BackendProvider.class.getName() + ": provider " + name + " could not be made", e);
        }
      }
    };
  }

  /**
   * lib's own textfile backend with {@code directory} (from code, may be null) laid under {@code
   * config}. It is found through its provider in lib's own class loader, like any backend but never
   * hidden by the loader a reporter is given: the API names no backend class, so the textfile
   * package can stand on the API instead of beside it.
   */
  static Backend textfile(Path directory, Config config) {
    Config withDirectory = config;
    if (directory != null) {
      if (directory.getFileSystem() != FileSystems.getDefault()) {
        // Configuration carries it as text, and node_exporter reads only the real file system.
        throw Checks.invalid(
            directory.toString(), "the textfile directory must be on the default file system");
      }
      withDirectory =
          Config.of(Map.of(Config.TEXTFILE_DIR, directory.toString())).overriddenBy(config);
    }
    return create(Reporter.TEXTFILE, Providers.class.getClassLoader(), withDirectory);
  }
}
