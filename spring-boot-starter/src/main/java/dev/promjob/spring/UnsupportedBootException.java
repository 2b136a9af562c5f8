package dev.promjob.spring;

/**
 * The application runs a Spring Boot older than the starter supports; {@link
 * UnsupportedBootFailureAnalyzer} tells the line to move to.
 *
 * <pre>{@code
 * throw new UnsupportedBootException("3.5.7");
 * }</pre>
 */
public final class UnsupportedBootException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The Spring Boot version found. */
  private final String version;

  /**
   * @param version the Spring Boot version found, e.g. {@code 3.5.7}
   */
  public UnsupportedBootException(String version) {
    super(
        "'"
            + version
            + "': promjob-spring-boot-starter needs Spring Boot 4.1, or 4.0 with the Maven property"
            + " prometheus-client.version set to 1.9.0");
    this.version = version;
  }

  /** The Spring Boot version found. */
  public String version() {
    return version;
  }
}
