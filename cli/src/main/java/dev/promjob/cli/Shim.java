package dev.promjob.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the command as a shell starts a job: in a process group of its own, with no signal
 * blocked, the caller's {@code LC_ALL} and its closed descriptors closed. Java can do none of this
 * between fork and exec, so a few lines of perl do it and exec the command (perl-base is Essential
 * on Debian: every Debian system has {@code /usr/bin/perl}; the script loads no module, which keeps
 * it at a few milliseconds). Signal dispositions are left as inherited: an ignored SIGINT stays
 * ignored, as POSIX has it for a background job. Without perl the command is started directly, in
 * promjob's process group.
 */
final class Shim {
  static final Path PERL = Path.of("/usr/bin/perl");

  /**
   * Arguments: the rt_sigprocmask syscall number (0: use POSIX), the closed descriptors, the
   * command's name as messages show it, {@code NAME=VALUE} or {@code NAME} (unset) for each
   * variable to restore, {@code --}, the command. Exit codes and messages as a shell's: 127 for a
   * command that does not exist, 126 for one that cannot be executed, "bad interpreter" for a
   * script whose {@code #!} names a missing one ({@code #!/bin/sh\r} of a file saved on Windows).
   */
  static final String EXEC =
      """
      my ($nr, $closed, $shown) = splice @ARGV, 0, 3;
      while (@ARGV) {
        my $v = shift @ARGV;
        last if $v eq '--';
        if ($v =~ /^([^=]+)=(.*)\\z/s) { $ENV{$1} = $2 } else { delete $ENV{$v} }
      }
      setpgrp(0, 0);
      my $none = "\\0" x 8;
      if ($nr) { syscall($nr, 2, $none, 0, 8) }
      else { require POSIX; POSIX::sigprocmask(2, POSIX::SigSet->new) }
      close STDIN if $closed =~ /0/;
      close STDOUT if $closed =~ /1/;
      close STDERR if $closed =~ /2/;
      exec { $ARGV[0] } @ARGV;
      my ($errno, $reason, $code, $file) = ($! + 0, "$!", 126, $ARGV[0]);
      ($file) = grep { -f } map { ($_ eq '' ? '.' : $_) . "/$file" }
        split /:/, $ENV{PATH} // '/bin:/usr/bin' if $file !~ m{/};
      if ($errno == 2 && defined $file && -e $file) {
        open my $f, '<', $file;
        my $line = <$f> // '';
        $reason = $line =~ /^#![ \\t]*([^ \\t\\n]*)/
          ? "bad interpreter '" . ($1 =~ s/([\\x00-\\x1f\\x7f])/sprintf('\\\\u%04x', ord $1)/ger)
            . "': $reason"
          : "a file it needs (its interpreter or loader) is missing: $reason";
      } elsif ($errno == 2) { $code = 127 }
      print STDERR "promjob: cannot run $shown: $reason\\n";
      exit $code;
      """;

  /** Arguments: signal name, process group; CONT follows so that a stopped group gets it too. */
  static final String KILL =
      """
      my ($sig, $group) = @ARGV;
      kill("-$sig", $group) or exit 1;
      kill('-CONT', $group) unless $sig eq 'KILL' || $sig eq 'CONT';
      """;

  /** Variables perl reads at its start (options, modules): moved aside for the command. */
  private static final List<String> PERL_VARIABLES =
      List.of("PERL5OPT", "PERL5LIB", "PERLLIB", "PERL_UNICODE");

  private Shim() {}

  /** Whether commands get their own process group (false: no perl on this system). */
  static boolean available() {
    return Files.isExecutable(PERL);
  }

  /**
   * A builder for {@code argv} with promjob's stdin, stdout and stderr; through perl when {@code
   * viaPerl}.
   */
  static ProcessBuilder builder(List<String> argv, boolean viaPerl) {
    Optional<String> lcAll = Caller.lcAll();
    if (!viaPerl) {
      ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
      restore(pb.environment(), "LC_ALL", lcAll);
      return pb;
    }
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            PERL.toString(),
            "-e",
            EXEC,
            "--",
            Long.toString(sigprocmaskSyscall()),
            Caller.closed(),
            Messages.quoted(argv.get(0))));
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    Map<String, String> env = pb.environment();
    for (String name : PERL_VARIABLES) {
      String value = env.remove(name);
      if (value != null) {
        cmd.add(name + "=" + value);
      }
    }
    cmd.add(lcAll.map(v -> "LC_ALL=" + v).orElse("LC_ALL"));
    env.put("LC_ALL", "C"); // perl's own: a caller's locale that is not installed makes it warn
    cmd.add("--");
    cmd.addAll(argv);
    return pb.command(cmd);
  }

  /** Starts perl sending signal {@code name} to process group {@code group}. */
  static Process kill(String name, long group) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(PERL.toString(), "-e", KILL, "--", name, Long.toString(group))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().clear();
    pb.environment().put("LC_ALL", "C");
    return pb.start();
  }

  /**
   * rt_sigprocmask's number on this architecture, or 0 where it is not known here (the script then
   * loads perl's POSIX module, about 30 ms more).
   */
  static long sigprocmaskSyscall() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return 0;
    }
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> 14;
      case "aarch64", "riscv64" -> 135;
      case "x86", "i386", "i686", "arm" -> 175;
      default -> 0;
    };
  }

  private static void restore(Map<String, String> env, String name, Optional<String> value) {
    if (value.isPresent()) {
      env.put(name, value.get());
    } else {
      env.remove(name);
    }
  }
}
