package dev.promjob.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
  static final Set<String> VALUED = Set.of("--job", "--label");
  static final Set<String> SWITCHES = Set.of("--no-overlap");

  static Args parse(boolean command, String... args) {
    return Args.parse(List.of(args), VALUED, SWITCHES, command);
  }

  @Test
  void valuesComeSeparateOrAfterAnEqualsSign() {
    Args a = parse(false, "--job", "backup", "--label=disk=sda", "--label", "host=a=b");

    assertThat(a.one("--job")).contains("backup");
    assertThat(a.all("--label")).containsExactly("disk=sda", "host=a=b");
    assertThat(a.has("--no-overlap")).isFalse();
    assertThat(a.one("--missing")).isEmpty();
    assertThat(a.all("--missing")).isEmpty();
  }

  @Test
  void everythingAfterDashesIsTheCommandUntouched() {
    Args a = parse(true, "--no-overlap", "--job", "x", "--", "sh", "-c", "--job", "--");

    assertThat(a.has("--no-overlap")).isTrue();
    assertThat(a.command()).containsExactly("sh", "-c", "--job", "--");
    assertThat(a.positional()).isEmpty();
  }

  @Test
  void positionalArgumentsAndTheDashOfStdinStayInOrder() {
    Args a = parse(false, "dir", "-", "--job", "x", "other");

    assertThat(a.positional()).containsExactly("dir", "-", "other");
  }

  @Test
  void mistakesAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> parse(false, "--jobs", "x"))
        .isInstanceOf(UsageException.class)
        .hasMessage("'--jobs': unknown option");
    assertThatThrownBy(() -> parse(false, "--job"))
        .isInstanceOf(UsageException.class)
        .hasMessage("'--job': needs a NAME");
    assertThatThrownBy(() -> parse(false, "--no-overlap=yes"))
        .isInstanceOf(UsageException.class)
        .hasMessage("'--no-overlap=yes': --no-overlap takes no value");
    assertThatThrownBy(() -> parse(false, "--", "true"))
        .isInstanceOf(UsageException.class)
        .hasMessage("'--': this subcommand runs no command");
    assertThatThrownBy(() -> parse(false, "--job", "a", "--job", "b").one("--job"))
        .isInstanceOf(UsageException.class)
        .hasMessage("'b': --job is given twice");
    assertThatThrownBy(() -> parse(false).required("--job"))
        .isInstanceOf(UsageException.class)
        .hasMessage("'--job': is required");
  }

  @Test
  void aSwitchCountsWherePresent() {
    assertThat(parse(false, "--no-overlap").has("--no-overlap")).isTrue();
    assertThat(parse(false, "--job", "x").has("--job")).isTrue();
    assertThat(parse(false, "--job", "x").required("--job")).isEqualTo("x");
  }
}
