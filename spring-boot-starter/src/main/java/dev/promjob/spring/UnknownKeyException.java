package dev.promjob.spring;

import java.util.List;

/**
 * A {@code promjob.*} property (or {@code PROMJOB_*} variable) of the application's environment
 * that no part of promjob reads: a typo that would otherwise go unnoticed. Boot shows it through
 * {@link UnknownKeyFailureAnalyzer}.
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
