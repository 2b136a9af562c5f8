package dev.promjob.spi;

import java.io.IOException;

/**
 * A report that its destination refused for what it holds, not for how it was sent: the same report
 * sent again would be refused again (a Pushgateway's 400 for a family whose TYPE differs from
 * another group's, a textfile that would clash with another file). A caller that added families of
 * its own can report the run again without them, so that the run is reported at all.
 *
 * <pre>{@code
 * try {
 *   backend.publish(exposition);
 * } catch (ReportRefusedException e) {
 *   backend.publish(withoutTheAddedFamilies); // the run's standard metrics still arrive
 * }
 * }</pre>
 */
public class ReportRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what refused it and why, naming the path or the URL (never credentials)
   */
  public ReportRefusedException(String message) {
    super(message);
  }
}
