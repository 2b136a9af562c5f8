package dev.promjob.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The directories the kernel looks a name up in, and so needs search (x) permission on, to open a
 * path: every directory from {@code /} to it, and, for each symbolic link on the way, those from
 * the link's directory (or {@code /}) to its target. node_exporter's open of a textfile fails with
 * "permission denied" if its user may not search any one of them.
 *
 * @param searched the directories, in the order the kernel meets them
 * @param resolved the path with every link on the way followed (as far as they exist)
 */
record SearchPath(Set<Path> searched, Path resolved) {
  /** Linux gives up after 40 links in one path (ELOOP); so does this. */
  static final int MAX_LINKS = 40;

  static SearchPath of(Path path) {
    Set<Path> searched = new LinkedHashSet<>();
    Path resolved = resolve(path.toAbsolutePath(), searched, new int[] {0});
    return new SearchPath(searched, resolved);
  }

  private static Path resolve(Path absolute, Set<Path> searched, int[] links) {
    Path current = absolute.getRoot();
    for (Path name : absolute) {
      String n = name.toString();
      if (n.equals(".")) {
        continue;
      }
      searched.add(current);
      if (n.equals("..")) {
        current = current.getParent() == null ? current : current.getParent();
        continue;
      }
      Path next = current.resolve(n);
      if (Files.isSymbolicLink(next) && links[0] < MAX_LINKS) {
        links[0]++;
        try {
          // A relative target is relative to the link's directory; an absolute one starts at /.
          next = resolve(current.resolve(Files.readSymbolicLink(next)), searched, links);
        } catch (IOException unreadable) {
          // Judged where it is opened: lint reports the link as it finds it.
        }
      }
      current = next;
    }
    return current;
  }
}
