package dev.promjob.textfile;

/**
 * What the textfile backend does when a file it is about to write would clash with another {@code
 * .prom} file of the directory: a family with another TYPE or HELP, a histogram or summary whose
 * series names another family takes, or a series that another file already has. node_exporter 1.5.0
 * silently drops one side of such a clash: the scrape still succeeds and {@code
 * node_textfile_scrape_error} stays 0.
 *
 * <pre>{@code
 * TextfileBackend backend = TextfileBackend.builder()
 *     .directory(dir)
 *     .guard(GuardMode.WARN)     // or promjob.textfile.guard=warn
 *     .build();
 * }</pre>
 */
public enum GuardMode {
  /** The default: write nothing and fail with {@link TextfileConflictException}. */
  REFUSE,
  /** Log each clash at WARNING and write the file anyway. */
  WARN
}
