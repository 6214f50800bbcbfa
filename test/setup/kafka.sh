#!/usr/bin/env bash
# Fetches the classpath of an Apache Kafka broker (KRaft, single node) from Maven Central into
# <repo>/.cache/kafka/libs, for the tests' throw-away broker (test/helpers/kafka.ts). Idempotent: does
# nothing when that directory holds a complete copy for the wanted version.
#
# Approach: the Kafka distribution tarball cannot be fetched on this machine, but every jar the broker
# runs from is on Maven Central. test/setup/kafka/pom.xml depends on org.apache.kafka:kafka_2.13 (whose
# runtime dependencies are kafka-server, -raft, -metadata, -storage, the coordinators, Scala …) plus the
# slf4j/reload4j logging binding the distribution ships; `mvn dependency:copy-dependencies` copies them.
# The Maven local repository lives in <repo>/.cache/m2, so a second fetch needs no network.
# The jars are copied into a temp dir and moved into place with a marker file listing them, so an
# interrupted fetch is never mistaken for a complete one; a lock keeps two test files from fetching at once.
#
# Env overrides: KAFKA_VERSION (default 3.9.2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
POM="$REPO_ROOT/test/setup/kafka/pom.xml"
KAFKA_DIR="$CACHE/kafka"
LIBS="$KAFKA_DIR/libs"
# One line per jar after a "version <v>" line; written last.
MARKER="$LIBS/.complete"
M2="$CACHE/m2"

# True when $LIBS holds every jar its marker lists, for $KAFKA_VERSION.
complete() {
  [[ -f "$MARKER" ]] || return 1
  [[ "$(head -n1 "$MARKER")" == "version $KAFKA_VERSION" ]] || return 1
  local jar
  while read -r jar; do
    [[ -s "$LIBS/$jar" ]] || return 1
  done < <(tail -n +2 "$MARKER")
  [[ -s "$LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]]
}

if complete; then
  log "$LIBS already holds Kafka $KAFKA_VERSION ($(($(wc -l <"$MARKER") - 1)) jars); nothing to do"
  exit 0
fi

mkdir -p "$KAFKA_DIR"
exec 9>"$KAFKA_DIR/.lock"
if ! flock -n 9; then
  log "another fetch is running; waiting for it"
  flock 9
fi
if complete; then
  log "$LIBS was completed by the other fetch; nothing to do"
  exit 0
fi

command -v java >/dev/null 2>&1 || die "'java' not found in PATH (Kafka $KAFKA_VERSION needs Java 11 or newer; 17 is tested)"
command -v mvn >/dev/null 2>&1 || die "'mvn' not found in PATH (Maven fetches the broker's jars from Maven Central)"
[[ -f "$POM" ]] || die "$POM is missing"

log "using $(java -version 2>&1 | head -n1) and $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g')"

TMP="$(mktemp -d "$KAFKA_DIR/libs-fetch.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

log "fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its runtime dependencies from Maven Central (Maven repo: $M2)"
start=$SECONDS
if ! mvn -B -q -f "$POM" -Dmaven.repo.local="$M2" -Dkafka.version="$KAFKA_VERSION" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$TMP/libs" >"$TMP/mvn.log" 2>&1; then
  tail -n 40 "$TMP/mvn.log" >&2
  die "mvn dependency:copy-dependencies failed (see output above; is Maven Central reachable?)"
fi
[[ -s "$TMP/libs/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is not among the copied jars"
count="$(find "$TMP/libs" -maxdepth 1 -name '*.jar' | wc -l)"
log "fetched $count jars in $((SECONDS - start)) s ($(du -sh "$TMP/libs" | cut -f1))"

{
  echo "version $KAFKA_VERSION"
  (cd "$TMP/libs" && ls -1 -- *.jar)
} >"$TMP/libs/.complete"

rm -rf "$LIBS"
mv "$TMP/libs" "$LIBS"
log "installed $LIBS (Kafka $KAFKA_VERSION)"
