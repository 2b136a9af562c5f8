#!/bin/bash
# P1: a whole process that reports a 10-series textfile job, promjob against the naive client_java
# peer, as paired whole-process timings (dev.promjob.samples.bench.PairedRuns: the commands in
# turn, A B A B, after warm-ups; min/median/max of each, its mean CPU, and the round-by-round
# ratio to the peer):
#
#   promjob      java -cp SAMPLES_CP dev.promjob.samples.bench.PeerRun textfile N DIR
#   client_java  java -cp PEER_JAR peers.JavaTextfile N DIR   (../shared/peers/java: client_java's
#                writer into a temp file, then a rename; no fsync, no lock)
#
# Each writes DIR/bench.prom into a directory of its own that keeps the previous run's file, as a
# job run by cron finds it.
#
#   samples/bench/textfile-job.sh                          this clone against the peer
#   BEFORE=/path/to/other/clone samples/bench/textfile-job.sh
#       adds promjob_before, the other clone's PeerRun, to the same rounds: a before/after in one run
#
# Env: RUNS (21), WARMUP (3), N (10 series), JAVA (java), JAVA_OPTS (both sides), PEERS
# (../shared/peers), PEER_JAR (its java/target/java-peer-0-all.jar, built with mvn if absent),
# WORK (samples/target/bench/textfile-job: the textfile directories).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-21}
WARMUP=${WARMUP:-3}
N=${N:-10}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
PEERS=${PEERS:-$ROOT/../shared/peers}
PEER_JAR=${PEER_JAR:-$PEERS/java/target/java-peer-0-all.jar}
WORK=${WORK:-$ROOT/samples/target/bench/textfile-job}

# The samples module and everything it runs with, from this clone's own modules (no install):
# prints the class path of PeerRun.
samples_classpath() { # samples_classpath CLONE
  (cd "$1" && mvn -B -q -o -pl samples -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime >&2)
  printf '%s:%s' "$1/samples/target/classes" "$(cat "$1/samples/target/bench-classpath.txt")"
}

if [ ! -r "$PEER_JAR" ]; then
  echo "textfile-job.sh: building the client_java peer ($PEERS/java)" >&2
  (cd "$PEERS/java" && { mvn -B -q -o package >&2 || mvn -B -q package >&2; })
fi
CP=$(samples_classpath "$ROOT")
rm -rf "$WORK"
mkdir -p "$WORK/promjob" "$WORK/client_java"
# shellcheck disable=SC2086
set -- promjob "$JAVA" $JAVA_OPTS -cp "$CP" dev.promjob.samples.bench.PeerRun textfile "$N" "$WORK/promjob"
if [ -n "${BEFORE:-}" ]; then
  BEFORE=$(cd "$BEFORE" && pwd)
  BEFORE_CP=$(samples_classpath "$BEFORE")
  mkdir -p "$WORK/promjob_before"
  # shellcheck disable=SC2086
  set -- "$@" ::: promjob_before "$JAVA" $JAVA_OPTS -cp "$BEFORE_CP" \
    dev.promjob.samples.bench.PeerRun textfile "$N" "$WORK/promjob_before"
  echo "promjob_before: $BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD 2>/dev/null || echo '?'))"
fi
echo "promjob: $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')); N=$N"
# shellcheck disable=SC2086
exec "$JAVA" -cp "$ROOT/samples/target/classes" dev.promjob.samples.bench.PairedRuns \
  --runs "$RUNS" --warmup "$WARMUP" "$@" \
  ::: client_java "$JAVA" $JAVA_OPTS -cp "$PEER_JAR" peers.JavaTextfile "$N" "$WORK/client_java"
