package dev.promjob.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksTest {
  @Test
  void messagesNameTheValueThenTheRule() {
    assertEquals("'a b': some rule", Checks.invalid("a b", "some rule").getMessage());
  }

  @Test
  void messagesStayOnOneLine() {
    assertEquals("a\\nb\\u0000\\\\", Checks.printable("a\nb\0\\"));
    assertTrue(Checks.printable("x".repeat(500)).endsWith("...(500 chars)"));
  }

  @Test
  void detectsUnpairedSurrogates() {
    assertTrue(Checks.isWellFormedUtf16("ok 🎉"));
    assertFalse(Checks.isWellFormedUtf16("bad \uD83C"));
    assertFalse(Checks.isWellFormedUtf16("\uDF89 bad"));
  }

  @Test
  void legacyNames() {
    assertTrue(Names.isMetricName("a:b_c1"));
    assertFalse(Names.isMetricName("1a"));
    assertFalse(Names.isMetricName("a.b"));
    assertTrue(Names.isLabelName("_a1"));
    assertFalse(Names.isLabelName("a:b"));
  }
}
