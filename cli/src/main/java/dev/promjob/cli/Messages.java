package dev.promjob.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;

/** How the command line names values in what it prints. */
final class Messages {
  private Messages() {}

  /** {@code 'value'}, with control characters shown as {@code \\uXXXX}. */
  static String quoted(String value) {
    return '\'' + escaped(value) + '\'';
  }

  /**
   * {@code text} with control characters shown as {@code \\uXXXX}: a path or message that holds a
   * newline still prints as one line, as scripts and {@code grep} read it.
   */
  static String escaped(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Why an operation on a path failed, in words and without the exception's class: the JDK names
   * the path but leaves the reason out of most of its messages ({@code does not exist}, {@code
   * permission denied}, {@code is a directory}, or the system's own words).
   */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "is not a directory";
    }
    String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    if (why == null) {
      return "an I/O error with no reason given";
    }
    if (why.equals("Not a directory")) { // ENOTDIR on a path: one of its parents is a file
      return "a part of its path is not a directory";
    }
    // strerror's "Is a directory" as the rest of a message reads: "is a directory".
    return why.length() > 1
            && Character.isUpperCase(why.charAt(0))
            && Character.isLowerCase(why.charAt(1))
        ? Character.toLowerCase(why.charAt(0)) + why.substring(1)
        : why;
  }

  /**
   * Why {@code file} could not be read: {@link #reason(IOException)}, or {@code is a directory}.
   */
  static String reason(Path file, IOException e) {
    return !(e instanceof NoSuchFileException) && Files.isDirectory(file)
        ? "is a directory"
        : reason(e);
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
