package dev.promjob.textfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where another writer can act while one acquires a {@link JobLock}. Tests put the holder's removal
 * of the lock file there, in this JVM, where it would otherwise come by chance once in many runs.
 */
@FunctionalInterface
interface LockRace {
  // An anonymous class, not a lambda: each lambda costs a cold process about 1 ms on first use.
  LockRace NONE =
      new LockRace() {
        @Override
        public void opened(Path path) {}
      };

  /** Runs right after the lock file at {@code path} was opened, before anything else. */
  void opened(Path path) throws IOException;
}
