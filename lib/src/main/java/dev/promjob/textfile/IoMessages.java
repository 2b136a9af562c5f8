package dev.promjob.textfile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The textfile backend's I/O messages: what failed, on which path, and why, in words. */
final class IoMessages {
  private IoMessages() {}

  /** {@code message: <path>: <reason>}, with the cause attached. */
  static IOException withPath(String message, IOException cause) {
    return new IOException(message + ": " + detail(cause), cause);
  }

  /** What went wrong, with the path: the JDK leaves the reason out of most of its messages. */
  static String detail(IOException e) {
    if (!(e instanceof FileSystemException f)) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    String reason = f.getReason();
    if (reason == null) {
      reason =
          e instanceof AccessDeniedException
              ? "permission denied"
              : e instanceof NoSuchFileException
                  ? "no such file or directory"
                  : e instanceof FileAlreadyExistsException
                      ? "already exists"
                      : e instanceof NotDirectoryException
                          ? "not a directory"
                          : e.getClass().getSimpleName();
    }
    return f.getFile()
        + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile())
        + ": "
        + reason;
  }
}
