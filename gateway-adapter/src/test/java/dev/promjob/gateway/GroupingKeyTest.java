package dev.promjob.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promjob.Job;
import org.junit.jupiter.api.Test;

class GroupingKeyTest {
  @Test
  void plainValuesStayPlain() {
    assertEquals(
        "/metrics/job/billing-export/region/eu_1",
        GroupingKey.path(
            Job.serviceLevel("billing-export").groupingLabel("region", "eu_1").build()));
  }

  @Test
  void everythingElseGoesAsUrlSafeBase64() {
    assertEquals(
        "/metrics/job@base64/YS9i/v@base64/Li4",
        GroupingKey.path(Job.serviceLevel("a/b").groupingLabel("v", "..").build()));
    assertEquals(
        "/metrics/job/j/v@base64/YSBi",
        GroupingKey.path(Job.serviceLevel("j").groupingLabel("v", "a b").build()));
    assertEquals(
        "/metrics/job/j/v@base64/Lg",
        GroupingKey.path(Job.serviceLevel("j").groupingLabel("v", ".").build()));
    assertEquals(
        "/metrics/job/j/v@base64/YStiJQ",
        GroupingKey.path(Job.serviceLevel("j").groupingLabel("v", "a+b%").build()));
    // '?' and '>' give '/' and '+' in the standard alphabet: the URL-safe one gives '_' and '-'.
    assertEquals(
        "/metrics/job/j/v@base64/Pz8-",
        GroupingKey.path(Job.serviceLevel("j").groupingLabel("v", "??>").build()));
    assertEquals(
        "/metrics/job/j/v@base64/w7zwn46J",
        GroupingKey.path(Job.serviceLevel("j").groupingLabel("v", "ü🎉").build()));
  }
}
