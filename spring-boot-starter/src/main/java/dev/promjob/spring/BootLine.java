package dev.promjob.spring;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Refuses a Spring Boot line the starter does not run on, before any bean is made, so that a Boot
 * 3.5 application reads which line it needs instead of a {@code NoClassDefFoundError} or
 * client_java's version refusal three wrappers deep. Registered in {@code
 * META-INF/spring.factories} (the same key on Boot 3.5 and 4.x); {@link
 * UnsupportedBootFailureAnalyzer} words the failure.
 *
 * <pre>{@code
 * new BootLine().initialize(context); // throws UnsupportedBootException on Boot 3.5.7
 * }</pre>
 */
public final class BootLine
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  /** The oldest Spring Boot major the starter runs on: Boot 4 brings Spring Batch 6. */
  static final int LOWEST_MAJOR = 4;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    require(SpringBootVersion.getVersion());
  }

  /**
   * @param version Spring Boot's version as its jar's manifest gives it; null when repackaged
   *     without one, and then not judged
   * @throws UnsupportedBootException for a Boot older than 4.0
   */
  static void require(String version) {
    if (version != null && major(version) < LOWEST_MAJOR) {
      throw new UnsupportedBootException(version);
    }
  }

  /** The leading number of {@code 3.5.7}; a version that does not start with one is not judged. */
  static int major(String version) {
    int n = 0;
    int i = 0;
    while (i < version.length() && Character.isDigit(version.charAt(i))) {
      n = n * 10 + (version.charAt(i) - '0');
      i++;
    }
    return i == 0 ? Integer.MAX_VALUE : n;
  }
}
