package dev.promjob.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A value goes plain only if every character is in [A-Za-z0-9_-]: the edges of each range. */
class GroupingKeyEdgesTest {
  @Test
  void plainOnlyInsideTheRanges() {
    for (String plain : new String[] {"a", "z", "A", "Z", "0", "9", "_", "-", "aZ09_-"}) {
      assertThat(GroupingKey.isPlain(plain)).as(plain).isTrue();
    }
    for (char c : "`{@[/:.~ +%".toCharArray()) {
      assertThat(GroupingKey.isPlain("a" + c)).as("a" + c).isFalse();
    }
    assertThat(GroupingKey.isPlain("")).isFalse();
  }
}
