package dev.promjob.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What backends get from Refusal is the wording lib's own refusals have. */
class RefusalTest {
  @Test
  void refusesWithTheValueMadePrintableThenTheRule() {
    assertEquals(
        "'a\\nb': retries must be between 0 and 20",
        Refusal.of("a\nb", "retries must be between 0 and 20").getMessage());
  }

  @Test
  void printableEscapesControlCharacters() {
    assertEquals("a\\tb\\u0007", Refusal.printable("a\tb\u0007"));
  }
}
