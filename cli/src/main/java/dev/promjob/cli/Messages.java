package dev.promjob.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** How the command line names values in what it prints. */
final class Messages {
  private Messages() {}

  /** {@code 'value'}, with control characters shown as {@code \\uXXXX}. */
  static String quoted(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }

  /**
   * Why {@code file} could not be read, in words and without a Java class name: {@code no such
   * file}, {@code permission denied}, {@code is a directory}, else the system's own words.
   */
  static String reason(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (Files.isDirectory(file)) {
      return "is a directory";
    }
    String message = e.getMessage();
    // NIO's messages are often the path alone, which says nothing the caller does not print.
    return message == null || message.equals(file.toString()) ? "input/output error" : message;
  }

  /** 90s, 1500ms, 2m: the way durations are given to promjob. */
  static String duration(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
