package dev.promjob.gateway;

import dev.promjob.Job;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The Pushgateway path of a job's group: {@code /metrics/job/<job>{/<label>/<value>}}. A value that
 * is not plainly safe ({@code [A-Za-z0-9_-]+}) goes as {@code <name>@base64/<URL-safe base64>}, so
 * {@code /}, a space, {@code +}, {@code %}, {@code .}, {@code ..} and any unicode reach exactly the
 * group they name (client_java's exporter turns a space into {@code +} and sends {@code ..} to the
 * parent group). Empty values never get here: {@link Job} refuses them.
 */
final class GroupingKey {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private GroupingKey() {}

  static String path(Job job) {
    StringBuilder sb = new StringBuilder("/metrics");
    segment(sb, "job", job.name());
    for (Map.Entry<String, String> e : job.groupingLabels().entrySet()) {
      segment(sb, e.getKey(), e.getValue());
    }
    return sb.toString();
  }

  private static void segment(StringBuilder sb, String name, String value) {
    sb.append('/').append(name);
    if (isPlain(value)) {
      sb.append('/').append(value);
    } else {
      sb.append("@base64/").append(B64.encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
  }

  static boolean isPlain(String v) {
    if (v.isEmpty()) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
