package dev.promjob.spring;

import java.util.List;

/**
 * A {@code promjob.*} property (or {@code PROMJOB_*} variable) of the application's environment
 * that no part of promjob reads: a typo that would otherwise go unnoticed. Thrown when the {@code
 * Config} bean is made; Boot shows it as a failure analysis (Description, Origin, Action).
 *
 * <pre>{@code
 * try {
 *   SpringApplication.run(Application.class, args);
 * } catch (UnknownKeyException e) {
 *   log.error("{} set in {}; did you mean {}?", e.name(), e.origin(), e.near());
 * }
 * }</pre>
 */
public final class UnknownKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String origin;
  private final transient List<String> near;

  UnknownKeyException(String name, String origin, List<String> near) {
    super("'" + name + "': unknown promjob configuration key, from " + origin);
    this.name = name;
    this.origin = origin;
    this.near = List.copyOf(near);
  }

  /** The name as the property source spells it, e.g. {@code promjob.textfile.dirr}. */
  public String name() {
    return name;
  }

  /** Where it was set, in Spring's words: {@code class path resource [application.yml] - 3:5}. */
  public String origin() {
    return origin;
  }

  /** Known keys that look like it, nearest first; may be empty. */
  public List<String> near() {
    return near;
  }
}
