package dev.promjob.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What node_exporter's user meets when the textfile collector opens the directory and each file in
 * it, as the kernel decides: search permission on every directory on the way (links followed), read
 * and search on the directory, read on the file, before what the file is.
 */
final class Opening {
  private final ReaderAccess reader;
  private Set<Path> searchedForDirectory = Set.of();

  Opening(ReaderAccess reader) {
    this.reader = reader;
  }

  /** Why node_exporter cannot list {@code directory}, an existing directory: none if it can. */
  List<Finding> directory(Path directory, PosixFileAttributes dir) throws IOException {
    List<Finding> findings = new ArrayList<>();
    SearchPath path = SearchPath.of(directory);
    searchedForDirectory = new HashSet<>(path.searched());
    searchedForDirectory.add(path.resolved());
    for (Path d : unsearchable(path.searched())) {
      findings.add(
          unlistable(
              directory,
              "cannot search "
                  + d
                  + " on the way to it (mode "
                  + FileModes.of(Files.readAttributes(d, PosixFileAttributes.class))));
    }
    if (!reader.canList(dir)) {
      findings.add(unlistable(directory, "cannot list it (mode " + FileModes.of(dir)));
    }
    return findings;
  }

  /** A directory node_exporter cannot read: {@code what} the reader cannot do, up to its mode. */
  private Finding unlistable(Path directory, String what) {
    return new Finding(
        directory,
        0,
        "directory",
        "user "
            + reader.user()
            + " "
            + what
            + "): node_exporter serves no textfile and sets node_textfile_scrape_error 1");
  }

  /**
   * The attributes of {@code p}, a file of the directory last given to {@link #directory}, when
   * node_exporter opens it as a regular file; otherwise empty, with the finding added to {@code
   * findings}.
   */
  Optional<PosixFileAttributes> file(Path p, List<Finding> findings) throws IOException {
    List<Path> blocked = new ArrayList<>(SearchPath.of(p).searched());
    blocked.removeAll(searchedForDirectory); // reported once, for the directory
    List<Path> unsearchable = unsearchable(blocked);
    if (!unsearchable.isEmpty()) {
      return finding(
          findings,
          p,
          "unreadable",
          "user "
              + reader.user()
              + " cannot search "
              + unsearchable.get(0)
              + " on the way to the link's target (mode "
              + FileModes.of(Files.readAttributes(unsearchable.get(0), PosixFileAttributes.class))
              + "): node_exporter skips it and sets node_textfile_scrape_error 1");
    }
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(p, PosixFileAttributes.class); // followed, as os.Open follows
    } catch (IOException e) {
      return finding(
          findings,
          p,
          "unreadable",
          (e instanceof NoSuchFileException && Files.isSymbolicLink(p)
                  ? "a broken link: its target does not exist"
                  : "cannot be opened (" + Messages.reason(e) + ")")
              + ": node_exporter skips it and sets node_textfile_scrape_error 1");
    }
    // open(2) checks the permission first, whatever the file is: a FIFO or a directory its user
    // may not read fails at once, as a plain file does.
    if (!reader.canRead(a)) {
      return finding(
          findings,
          p,
          "unreadable",
          "user "
              + reader.user()
              + " cannot read it (mode "
              + FileModes.of(a)
              + ", owner "
              + a.owner().getName()
              + "): node_exporter skips it and"
              + " sets node_textfile_scrape_error 1");
    }
    if (a.isDirectory()) {
      return finding(
          findings, p, "not-a-file", "a directory: node_exporter 1.5 reads it as an empty file");
    }
    if (!a.isRegularFile()) {
      return finding(
          findings,
          p,
          "not-a-file",
          "not a regular file (a FIFO or a device): node_exporter's open"
              + " blocks or reads without end, and every scrape of node_exporter hangs on it");
    }
    return Optional.of(a);
  }

  private static Optional<PosixFileAttributes> finding(
      List<Finding> findings, Path p, String kind, String message) {
    findings.add(new Finding(p, 0, kind, message));
    return Optional.empty();
  }

  /** Those of {@code dirs} node_exporter's user may not search (a missing one is not judged). */
  private List<Path> unsearchable(Collection<Path> dirs) {
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      try {
        if (!reader.canSearch(Files.readAttributes(d, PosixFileAttributes.class))) {
          out.add(d);
        }
      } catch (IOException gone) {
        // Reported where it matters: the directory or the file cannot be read.
      }
    }
    return out;
  }
}
