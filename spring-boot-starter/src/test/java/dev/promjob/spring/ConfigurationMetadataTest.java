package dev.promjob.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.promjob.Config;
import dev.promjob.spi.BackendProvider;
import dev.promjob.spi.ConfigKeysProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The starter's {@code META-INF/spring-configuration-metadata.json} documents every key of the
 * catalogue (lib's, the backends', the integrations'), so IDEs complete and document them all: a
 * key added anywhere without its entry fails here.
 */
class ConfigurationMetadataTest {

  /**
   * The properties of the starter's own metadata file (Boot's jars hold files of the same name).
   */
  static Map<String, JsonObject> properties() throws Exception {
    Path classes =
        Path.of(
            PromjobAutoConfiguration.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    String json =
        Files.readString(
            classes.resolve("META-INF/spring-configuration-metadata.json"), StandardCharsets.UTF_8);
    Map<String, JsonObject> byName = new HashMap<>();
    JsonParser.parseString(json)
        .getAsJsonObject()
        .getAsJsonArray("properties")
        .forEach(
            e -> byName.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject()));
    return byName;
  }

  /** Keys of the providers lib's test classes declare (on this class path only for tests). */
  static Set<String> testOnlyKeys() {
    Set<String> keys = new TreeSet<>();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.getClass().getName().startsWith("dev.promjob.testing.")) {
        keys.addAll(p.keys());
      }
    }
    for (ConfigKeysProvider p : ServiceLoader.load(ConfigKeysProvider.class)) {
      if (p.getClass().getName().startsWith("dev.promjob.testing.")) {
        keys.addAll(p.keys());
      }
    }
    return keys;
  }

  @Test
  void everyKeyOfTheCatalogueIsDocumentedWithATypeAndADescription() throws Exception {
    Map<String, JsonObject> properties = properties();
    Set<String> missing = new TreeSet<>();
    Set<String> testOnly = testOnlyKeys();
    assertThat(testOnly).isNotEmpty();
    for (String key : Config.knownKeys()) {
      if (testOnly.contains(key)) {
        continue;
      }
      int star = key.indexOf('*');
      // A '*' key is a map by name at the part before the '*', which names each setting.
      String name = (star < 0 ? key : key.substring(0, star - 1)).replace('_', '-');
      JsonObject entry = properties.get(name);
      if (entry == null
          || !entry.has("type")
          || !entry.has("description")
          || star >= 0
              && (!entry.get("type").getAsString().startsWith("java.util.Map<")
                  || !entry.get("description").getAsString().contains(key.substring(star + 1)))) {
        missing.add(key);
      }
    }
    assertThat(missing)
        .as("keys without their entry in spring-configuration-metadata.json")
        .isEmpty();
    assertThat(properties).containsKey("promjob.textfile.lock-timeout").containsKey("promjob.job");
  }

  @Test
  void everyEntryIsAKeyOfTheCatalogue() throws Exception {
    for (String name : properties().keySet()) {
      assertThat(Config.knownKeys().stream().anyMatch(k -> k.replace('_', '-').startsWith(name)))
          .as(name)
          .isTrue();
    }
  }
}
