#!/bin/bash
# Adds promjob's rows to the shared peers harness and runs it:
#   samples/bench/peers.sh                  (NS, RUNS, ... are passed on to run-peers.sh)
# Builds the samples module, writes its class path, and an EXTRA_PEERS file naming
# promjob_textfile and promjob_push (dev.promjob.samples.bench.PeerRun).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
OUT=$ROOT/samples/target/bench
mkdir -p "$OUT"
(cd "$ROOT" && mvn -B -q -o -pl samples -am -DskipTests install \
  && mvn -B -q -o -pl samples dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -DincludeScope=runtime)
CP="$ROOT/samples/target/classes:$(cat "$OUT/classpath.txt")"
JAVA=${JAVA:-java}
printf 'promjob_textfile\t%s %s -cp %s dev.promjob.samples.bench.PeerRun textfile @N@ @OUT@\n' "$JAVA" "${JAVA_OPTS:-}" "$CP" >"$OUT/extra-peers.tsv"
printf 'promjob_push\t%s %s -cp %s dev.promjob.samples.bench.PeerRun push @N@ @URL@\n' "$JAVA" "${JAVA_OPTS:-}" "$CP" >>"$OUT/extra-peers.tsv"
EXTRA_PEERS="$OUT/extra-peers.tsv" exec "$PEERS/run-peers.sh"
