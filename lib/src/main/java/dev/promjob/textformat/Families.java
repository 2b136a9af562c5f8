package dev.promjob.textformat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The families of one parse, as {@code expfmt.TextParser} groups samples into them. */
final class Families {
  private final Map<String, Family> families = new LinkedHashMap<>();

  /** expfmt's rule: a name joins an existing summary or histogram family through its suffix. */
  Family of(String name) {
    Family f = families.get(name);
    if (f != null) {
      return f;
    }
    String base = stripSuffix(name, "_sum", "_count");
    if (base != null) {
      f = families.get(base);
      if (f != null && "summary".equals(f.type)) {
        return f;
      }
    }
    base = stripSuffix(name, "_sum", "_count", "_bucket");
    if (base != null) {
      f = families.get(base);
      if (f != null && "histogram".equals(f.type)) {
        return f;
      }
    }
    f = new Family(name);
    families.put(name, f);
    return f;
  }

  private static String stripSuffix(String name, String... suffixes) {
    for (String s : suffixes) {
      if (name.endsWith(s)) {
        return name.substring(0, name.length() - s.length());
      }
    }
    return null;
  }

  /**
   * The families with at least one sample (node_exporter drops the others), in order of appearance.
   */
  Map<String, TextFormat.Family> withSamples() {
    Map<String, TextFormat.Family> out = new LinkedHashMap<>();
    for (Family f : families.values()) {
      if (f.samples > 0) {
        out.put(
            f.name,
            new TextFormat.Family(f.name, f.type == null ? "untyped" : f.type, f.help, f.samples));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** One family while it is parsed. */
  static final class Family {
    final String name;
    String type;
    String help;
    int samples;

    Family(String name) {
      this.name = name;
    }
  }
}
