package dev.promjob;

import dev.promjob.spi.BackendProvider;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** The backend providers a class loader lists: one that fails to load never hides the others. */
final class Providers {
  private Providers() {}

  static void each(
      ClassLoader loader,
      Consumer<BackendProvider> found,
      Consumer<ServiceConfigurationError> broken) {
    Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, loader).iterator();
    while (true) {
      BackendProvider provider;
      try {
        if (!it.hasNext()) {
          return;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        broken.accept(e);
        continue;
      }
      found.accept(provider);
    }
  }
}
