package dev.promjob.internal;

/**
 * The system property by which a jar that ships promjob with every backend provider it can hold
 * (the command line's promjob.jar, run with {@code -jar}: no other class path) names them, as its
 * {@code META-INF/services} lists them, so that no run has {@link java.util.ServiceLoader} search
 * every module of the JDK and the jar for the service file: several milliseconds of each one-shot
 * process. lib's backend lookup ({@code Providers}) reads it.
 *
 * <pre>{@code
 * System.setProperty(BundledProviders.PROPERTY, "a.TextfileProvider,b.PushgatewayProvider");
 * }</pre>
 *
 * <p>Internal: not part of the API, may change without notice.
 */
public final class BundledProviders {
  /** The providers' class names, comma-separated, in the service file's order. */
  public static final String PROPERTY = "dev.promjob.internal.bundledProviders";

  private BundledProviders() {}
}
