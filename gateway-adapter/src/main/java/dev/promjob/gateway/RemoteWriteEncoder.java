package dev.promjob.gateway;

import java.util.List;

/**
 * How a report's series become a request body: the seam where Remote Write 2.0 (still a release
 * candidate; the receivers here answer a 2.0 request 204 and drop it) can follow 1.0.
 */
interface RemoteWriteEncoder {
  /** The request's headers besides the settings' own: name, value, ... */
  List<String> headers();

  /** The body: {@code series}, every sample stamped {@code timestampMillis}. */
  byte[] encode(List<TimeSeries> series, long timestampMillis);
}
