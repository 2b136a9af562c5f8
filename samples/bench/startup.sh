#!/bin/bash
# P5: what cron pays for every job, as paired whole-process timings
# (dev.promjob.samples.bench.PairedRuns: the commands in turn, A B A B, after warm-ups; min/median/
# max of each, its mean CPU, and the round-by-round ratio to the empty JVM):
#
#   promjob            cli/target/promjob run --job x --textfile-dir DIR -- true
#                      (the built launcher, with the archive the build made beside the jar)
#   promjob_installed  the same run through the tarball's launcher as its INSTALL puts it: unpacked,
#                      a symlink to bin/promjob, then promjob --make-cds-archive in a clean
#                      environment, as the .deb's postinst does
#   empty_jvm          java -cp DIR Empty, a class whose main returns
#
# Every command runs as cron runs it: env -i PATH=/usr/bin:/bin (JAVA_HOME kept if set), and each
# promjob into a textfile directory of its own that holds the job's previous file.
#
#   samples/bench/startup.sh                               this clone against the empty JVM
#   BEFORE=/path/to/other/clone samples/bench/startup.sh
#       adds promjob_before and promjob_installed_before, the other clone's launcher and package,
#       to the same rounds: a before/after in one run
#
# Env: RUNS (21), WARMUP (3), WORK (cli/target/bench-startup: the textfile directories, the
# unpacked packages and the empty class), JAVA_HOME (the java of every command; else /usr/bin's).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-21}
WARMUP=${WARMUP:-3}
WORK=${WORK:-$ROOT/cli/target/bench-startup}
CRON_ENV=(env -i PATH=/usr/bin:/bin ${JAVA_HOME:+JAVA_HOME=$JAVA_HOME})
if [ -n "${JAVA_HOME:-}" ]; then JAVA=$JAVA_HOME/bin/java; else JAVA=/usr/bin/java; fi

build() { # build CLONE MODULES: the launcher, jar, archive and packages (no install)
  (cd "$1" && mvn -B -q -o -pl "$2" -am -DskipTests package >&2)
}

# install CLONE NAME: unpacks CLONE's tarball into WORK/NAME as its INSTALL says and prints the
# symlinked launcher.
install_tarball() {
  local tarball
  tarball=$(ls "$1"/cli/target/promjob-*.tar.gz)
  mkdir -p "$WORK/$2/opt" "$WORK/$2/bin"
  tar -C "$WORK/$2/opt" -xzf "$tarball"
  ln -s "$WORK/$2/opt/$(basename "$tarball" .tar.gz)/bin/promjob" "$WORK/$2/bin/promjob"
  "${CRON_ENV[@]}" "$WORK/$2/bin/promjob" --make-cds-archive >&2
  printf '%s' "$WORK/$2/bin/promjob"
}

# add NAME LAUNCHER: a promjob command, its directory given the job's previous file first.
commands=()
add() {
  mkdir -p "$WORK/$1/textfiles"
  local run=("${CRON_ENV[@]}" "$2" run --job x --textfile-dir "$WORK/$1/textfiles" -- true)
  "${run[@]}"
  commands+=("$1" "${run[@]}" :::)
}

build "$ROOT" samples,cli
rm -rf "$WORK"
mkdir -p "$WORK/empty"
printf 'public final class Empty {\n  public static void main(String[] args) {}\n}\n' \
  >"$WORK/empty/Empty.java"
"${JAVA%java}javac" -d "$WORK/empty" "$WORK/empty/Empty.java"

echo "promjob: $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
add promjob "$ROOT/cli/target/promjob"
add promjob_installed "$(install_tarball "$ROOT" promjob_installed)"
if [ -n "${BEFORE:-}" ]; then
  BEFORE=$(cd "$BEFORE" && pwd)
  echo "promjob_before: $BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  build "$BEFORE" cli
  add promjob_before "$BEFORE/cli/target/promjob"
  add promjob_installed_before "$(install_tarball "$BEFORE" promjob_installed_before)"
fi
exec "$JAVA" -cp "$ROOT/samples/target/classes" dev.promjob.samples.bench.PairedRuns \
  --runs "$RUNS" --warmup "$WARMUP" "${commands[@]}" \
  empty_jvm "${CRON_ENV[@]}" "$JAVA" -cp "$WORK/empty" Empty
