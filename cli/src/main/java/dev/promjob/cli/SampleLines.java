package dev.promjob.cli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of each sample and of each family's first HELP or TYPE line, in a text the strict parser
 * has accepted: its samples arrive in the order of their lines, one per line that is neither blank
 * nor a comment, so the n-th sample is on the n-th such line.
 */
final class SampleLines {
  private int[] sampleLines = new int[64];
  private int samples;
  private final Map<String, Integer> firstComment = new HashMap<>();

  SampleLines(byte[] text) {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length; i++) {
      if (i == text.length || text[i] == '\n') {
        scan(text, start, i, line);
        line++;
        start = i + 1;
      }
    }
  }

  private void scan(byte[] text, int from, int to, int line) {
    int i = from;
    while (i < to && (text[i] == ' ' || text[i] == '\t')) {
      i++;
    }
    if (i == to) {
      return;
    }
    if (text[i] != '#') {
      if (samples == sampleLines.length) {
        sampleLines = Arrays.copyOf(sampleLines, samples * 2);
      }
      sampleLines[samples++] = line;
      return;
    }
    String comment = new String(text, i + 1, to - i - 1, java.nio.charset.StandardCharsets.UTF_8);
    String[] words = comment.trim().split("[ \t]+", 3);
    if (words.length >= 2 && (words[0].equals("HELP") || words[0].equals("TYPE"))) {
      firstComment.putIfAbsent(words[1], line);
    }
  }

  /** The line of the {@code index}-th sample (0-based). */
  int ofSample(int index) {
    return index < samples ? sampleLines[index] : 0;
  }

  /** The first line that names {@code family}: its HELP or TYPE, else its first sample. */
  int ofFamily(String family, int firstSampleLine) {
    Integer comment = firstComment.get(family);
    return comment == null ? firstSampleLine : Math.min(comment, firstSampleLine);
  }
}
