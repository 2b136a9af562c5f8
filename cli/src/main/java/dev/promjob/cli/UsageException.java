package dev.promjob.cli;

/** A command line that cannot be run as given: exit code 2, the message and a pointer to help. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
