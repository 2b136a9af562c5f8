package dev.promjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backends found with ServiceLoader through the class loader the reporter is given. */
class DiscoveryTest {
  @TempDir Path tmp;

  /** A provider whose class cannot be instantiated. */
  public static final class Broken implements BackendProvider {
    public Broken() {
      throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Backend create(Config config) {
      throw new AssertionError();
    }
  }

  /** A provider of a backend named "memory". */
  public static class Memory implements BackendProvider {
    @Override
    public String name() {
      return "memory";
    }

    @Override
    public Backend create(Config config) {
      return new ReporterTest.Named("memory");
    }
  }

  /** A second provider of a backend named "memory", from another class. */
  public static final class OtherMemory extends Memory {}

  ClassLoader loaderListing(String... providers) throws IOException {
    Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(BackendProvider.class.getName()), String.join("\n", providers) + "\n");
    return new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void aBrokenProviderDoesNotHideTheOthers() throws IOException {
    ClassLoader loader =
        loaderListing(Broken.class.getName(), "no.such.Provider", Memory.class.getName());
    Reporter r =
        Reporter.builder()
            .classLoader(loader)
            .config(Config.of(Map.of(Config.BACKEND, "memory")))
            .build();
    Job job = Job.serviceLevel("j").build();
    r.start(job).success();
    assertEquals("memory", r.backendFor(job).name());
    assertEquals(1, ((ReporterTest.Named) r.backendFor(job)).reports.size());
  }

  @Test
  void aMissingBackendNamesWhatWasFoundAndWhatFailed() throws IOException {
    ClassLoader loader = loaderListing(Broken.class.getName(), Memory.class.getName());
    Reporter r = Reporter.builder().classLoader(loader).build();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> r.start(Job.serviceLevel("j").build()));
    assertThat(e.getMessage())
        .startsWith(
            "no 'pushgateway' backend on the class path: add the artifact dev.promjob:promjob-gateway-adapter");
    // example: the provider lib's test class path itself lists (testing.ExampleProvider)
    assertThat(e.getMessage()).contains("backends found: [textfile, example, memory]");
    assertThat(e.getMessage()).contains("providers that failed to load: [");
    assertThat(e.getMessage()).contains("Broken");
  }

  @Test
  void refusesTwoProvidersOfOneNameNamingBoth() throws IOException {
    ClassLoader loader = loaderListing(Memory.class.getName(), OtherMemory.class.getName());
    Reporter r =
        Reporter.builder()
            .classLoader(loader)
            .config(Config.of(Map.of(Config.BACKEND, "memory")))
            .build();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> r.start(Job.serviceLevel("j").build()));
    assertEquals(
        "'memory': backend name provided by 2 classes on the class path, ["
            + Memory.class.getName()
            + ", "
            + OtherMemory.class.getName()
            + "]; remove all but one",
        e.getMessage());
  }

  @Test
  void aBackendFromOutsideLibBringsItsOwnKeys() throws IOException {
    // testing.ExampleProvider is found by ServiceLoader and declares promjob.example.*.
    Config config =
        Config.load(
            Map.of("PROMJOB_BACKEND", "example", "PROMJOB_EXAMPLE_URL", "mem://reports"),
            new java.util.Properties());
    assertThat(config.get(dev.promjob.testing.ExampleProvider.URL)).contains("mem://reports");
    assertThat(Config.isSecret(dev.promjob.testing.ExampleProvider.PASSWORD)).isTrue();
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> Config.of(Map.of("promjob.nosuch.url", "x"))))
        .hasMessageStartingWith("'promjob.nosuch.url': unknown promjob configuration key; known: [")
        .hasMessageContaining("promjob.example.url");
    Reporter reporter = Reporter.builder().config(config).build();
    Job job = Job.machineBound("db_backup").build();
    reporter.run(job, run -> {});
    dev.promjob.testing.ExampleProvider.Memory backend =
        (dev.promjob.testing.ExampleProvider.Memory) reporter.backendFor(job);
    assertThat(backend.location(job)).isEqualTo("mem://reports/db_backup");
    assertThat(backend.published)
        .singleElement()
        .satisfies(e -> assertThat(e.job()).isEqualTo(job));
  }
}
