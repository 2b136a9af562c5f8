package dev.promjob.testing;

import dev.promjob.Config;
import dev.promjob.Job;
import dev.promjob.spi.Backend;
import dev.promjob.spi.BackendProvider;
import dev.promjob.spi.Exposition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend from outside lib, with keys of its own, found by {@link java.util.ServiceLoader} (lib's
 * test resources list it): lib's configuration knows {@code promjob.example.*} only because this
 * provider declares them.
 */
public final class ExampleProvider implements BackendProvider {
  public static final String URL = "promjob.example.url";
  public static final String USERNAME = "promjob.example.username";
  public static final String PASSWORD = "promjob.example.password";
  public static final String PASSWORD_FILE = "promjob.example.password_file";
  public static final String HEADERS = "promjob.example.headers";
  public static final String TOKEN = "promjob.example.token";
  public static final String DEADLINE = "promjob.example.deadline";
  public static final String RETRIES = "promjob.example.retries";

  /** Required by {@link java.util.ServiceLoader}. */
  public ExampleProvider() {}

  @Override
  public String name() {
    return "example";
  }

  @Override
  public Set<String> keys() {
    return Set.of(URL, USERNAME, PASSWORD, PASSWORD_FILE, HEADERS, TOKEN, DEADLINE, RETRIES);
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of(PASSWORD, HEADERS, TOKEN);
  }

  @Override
  public Backend create(Config config) {
    String url = config.get(URL).orElseThrow(() -> new IllegalStateException(URL + " is not set"));
    return new Memory(url);
  }

  /**
   * Keeps the text of each job's last report in memory, as a server would serve it. Like any
   * backend that reads its own state, it hands lib the last success it holds, and lib carries it.
   */
  public static final class Memory implements Backend {
    public final List<Exposition> published = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> texts = new ConcurrentHashMap<>();
    private final String url;

    Memory(String url) {
      this.url = url;
    }

    @Override
    public String name() {
      return "example";
    }

    @Override
    public String location(Job job) {
      return url
          + "/"
          + job.name()
          + (job.groupingLabels().isEmpty() ? "" : job.groupingLabels().toString());
    }

    @Override
    public synchronized void publish(Exposition exposition) throws IOException {
      published.add(exposition);
      String key = location(exposition.job());
      byte[] held = texts.get(key);
      texts.put(
          key,
          exposition.text(
              held == null
                  ? dev.promjob.spi.Carried.nothing()
                  : dev.promjob.spi.Carried.fromText(new ByteArrayInputStream(held))));
    }

    /** What a consumer of {@code job} sees: the text of its last report, or null. */
    public byte[] text(Job job) {
      return texts.get(location(job));
    }

    @Override
    public void delete(Job job) {
      texts.remove(location(job));
    }
  }
}
