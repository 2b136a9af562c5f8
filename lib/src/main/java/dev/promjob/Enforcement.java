package dev.promjob;

/**
 * What a backend does with something legal that is likely a mistake, or that its server would
 * silently drop: refuse it with an error at the moment it is given, or log a warning and go on.
 * Each backend says which of its checks take one, and its default.
 *
 * <pre>{@code
 * TextfileBackend.builder().directory(dir).guard(Enforcement.WARN).build(); // promjob.textfile.guard=warn
 * PushgatewayBackend.builder().url(url).instanceLabel(Enforcement.REFUSE).build();
 * }</pre>
 *
 * <p>In configuration the values are {@code refuse} and {@code warn}.
 */
public enum Enforcement {
  /** Fail with an exception naming the value and the rule; nothing is written or pushed. */
  REFUSE,
  /** Log a warning (once per job and value) and go on. */
  WARN
}
