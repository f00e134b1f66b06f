# Shared by infra/local scripts: build the jar when stale, find free ports, start and stop the
# local Firestore emulator. Sourced, not run.

BQSYNC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BQSYNC_JAR="$BQSYNC_ROOT/functions/target/deploy/bqsync-functions.jar"
BQSYNC_PIDS=()

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Builds the deployable jar when it is missing or older than any source it is built from.
ensure_jar() {
  if [ -f "$BQSYNC_JAR" ] && [ -f "$BQSYNC_ROOT/functions/target/invoker/java-function-invoker.jar" ] \
      && [ -z "$(find "$BQSYNC_ROOT/functions/src/main" "$BQSYNC_ROOT/functions/pom.xml" \
      "$BQSYNC_ROOT/pom.xml" -newer "$BQSYNC_JAR" -print -quit)" ]; then
    return 0
  fi
  echo "building $BQSYNC_JAR ..." >&2
  (cd "$BQSYNC_ROOT" && mvn -B -q -DskipTests package) >&2
}

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

wait_for_http() {
  local url="$1" seconds="$2" what="$3"
  for _ in $(seq 1 $(( seconds * 5 ))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "$what did not answer at $url within ${seconds}s" >&2
  return 1
}

firestore_emulator_jar() {
  if [ -n "${FIRESTORE_EMULATOR_JAR:-}" ]; then
    echo "$FIRESTORE_EMULATOR_JAR"
    return 0
  fi
  local root
  root=$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null) || true
  local jar="$root/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"
  if [ -z "$root" ] || [ ! -f "$jar" ]; then
    echo "The Firestore emulator is missing. Install the Google Cloud CLI with its cloud-firestore-emulator" \
      "component (gcloud components install cloud-firestore-emulator, or the Debian package" \
      "google-cloud-cli-firestore-emulator), or set FIRESTORE_EMULATOR_JAR." >&2
    return 1
  fi
  echo "$jar"
}

# Starts Google's Firestore emulator on a free loopback port and exports FIRESTORE_EMULATOR_HOST.
start_firestore_emulator() {
  local jar port log
  jar=$(firestore_emulator_jar) || return 1
  port=$(free_port) || return 1
  log="${TMPDIR:-/tmp}/bqsync-firestore-emulator-$port.log"
  java -Duser.language=en -Xmx512m -cp "$jar" com.google.cloud.datastore.emulator.firestore.CloudFirestore start \
    --host=127.0.0.1 --port="$port" >"$log" 2>&1 &
  BQSYNC_PIDS+=("$!")
  export FIRESTORE_EMULATOR_HOST="127.0.0.1:$port"
  export GOOGLE_CLOUD_PROJECT="${GOOGLE_CLOUD_PROJECT:-bqsync-local}"
  wait_for_http "http://$FIRESTORE_EMULATOR_HOST/" 60 "the Firestore emulator (log: $log)"
}

# Starts the BigQuery emulator (infra/bigquery-emulator) on a free port; exports BIGQUERY_EMULATOR_HOST.
start_bigquery_emulator() {
  local port log
  port=$(free_port) || return 1
  log="${TMPDIR:-/tmp}/bqsync-bigquery-emulator-$port.log"
  "$BQSYNC_ROOT/infra/local/bigquery-emulator" --port "$port" "$@" >"$log" 2>&1 &
  BQSYNC_PIDS+=("$!")
  export BIGQUERY_EMULATOR_HOST="127.0.0.1:$port"
  wait_for_http "http://$BIGQUERY_EMULATOR_HOST/emulator/v1/health" 120 "the BigQuery emulator (log: $log)"
}

# Serves a function of the deployable jar with Google's Functions Framework invoker, as Cloud
# Functions does; sets BQSYNC_FUNCTION_URL and BQSYNC_FUNCTION_LOG. Settings come from the
# exported environment. Call it directly, not in $(...), so the process is stopped at exit.
start_function() {
  local target="$1" port log
  port=$(free_port) || return 1
  log="${TMPDIR:-/tmp}/bqsync-function-$port.log"
  java -Duser.language=en -jar "$BQSYNC_ROOT/functions/target/invoker/java-function-invoker.jar" \
    --classpath "$BQSYNC_JAR" --target "$target" --port "$port" >"$log" 2>&1 &
  BQSYNC_PIDS+=("$!")
  BQSYNC_FUNCTION_LOG="$log"
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      BQSYNC_FUNCTION_URL="http://127.0.0.1:$port"
      return 0
    fi
    sleep 0.2
  done
  echo "the function $target did not start (log: $log)" >&2
  return 1
}

# Stops everything this script started.
stop_started() {
  local pid
  for pid in "${BQSYNC_PIDS[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BQSYNC_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  BQSYNC_PIDS=()
}
