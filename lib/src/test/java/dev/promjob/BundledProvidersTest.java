package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promjob.internal.BundledProviders;
import dev.promjob.spi.BackendProvider;
import dev.promjob.testing.ExampleProvider;
import dev.promjob.textfile.TextfileProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BundledProvidersTest {
  private final ClassLoader loader = BundledProvidersTest.class.getClassLoader();

  @AfterEach
  void clear() {
    System.clearProperty(BundledProviders.PROPERTY);
  }

  @Test
  void withoutThePropertyTheServiceFilesSay() {
    assertThat(classes(Providers.providers(loader)))
        .containsExactlyInAnyOrder(TextfileProvider.class, ExampleProvider.class);
  }

  @Test
  void thePropertyNamesTheProvidersInItsOrderAndNoOthers() {
    System.setProperty(
        BundledProviders.PROPERTY,
        TextfileProvider.class.getName() + ", " + ExampleProvider.class.getName());
    assertThat(classes(Providers.providers(loader)))
        .containsExactly(TextfileProvider.class, ExampleProvider.class);
    System.setProperty(BundledProviders.PROPERTY, TextfileProvider.class.getName());
    assertThat(classes(Providers.providers(loader))).containsExactly(TextfileProvider.class);
  }

  @Test
  void oneThatCannotBeMadeThrowsAsServiceLoaderDoesAndTheNextStillComes() {
    System.setProperty(
        BundledProviders.PROPERTY,
        "no.such.Provider," + String.class.getName() + "," + TextfileProvider.class.getName());
    Iterator<BackendProvider> it = Providers.providers(loader);
    assertThatThrownBy(it::next)
        .isInstanceOf(ServiceConfigurationError.class)
        .hasMessageContaining("no.such.Provider");
    assertThatThrownBy(it::next)
        .isInstanceOf(ServiceConfigurationError.class)
        .hasMessageContaining("java.lang.String");
    assertThat(it.next()).isInstanceOf(TextfileProvider.class);
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  private static List<Class<?>> classes(Iterator<BackendProvider> it) {
    List<Class<?>> found = new ArrayList<>();
    while (it.hasNext()) {
      found.add(it.next().getClass());
    }
    return found;
  }
}
