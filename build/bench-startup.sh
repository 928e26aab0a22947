#!/usr/bin/env bash
# Start-up benchmark (ARCHITECTURE §9: ≤ 3 s with all plugins): time from process start to the first healthy
# /healthz, on a fresh SQLite database (migrations + seed included) and on a warm one (second start), for the
# host with every plugin against the host with none (the baseline), N runs each, side by side.
# Usage: build/bench-startup.sh [runs]   (after ./build.sh --target=Publish-Plugins)
set -euo pipefail
cd "$(dirname "$0")/../artifacts/app"
runs=${1:-5}
port=5123
measure() { # $1 = enabled plugins, $2 = data folder; prints milliseconds
  local start end
  start=$(date +%s%N)
  Plugins__Enabled="$1" DataFolder="$2" ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
    dotnet PostalCrm.Host.dll >/dev/null 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.02; done
  end=$(date +%s%N)
  kill $pid; wait $pid 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}
all=$(ls plugins | paste -sd, -)
declare -A sum
for i in $(seq 1 "$runs"); do
  for label in none all; do
    plugins=$([ $label = all ] && echo "$all" || echo "")
    dir=$(mktemp -d)
    cold=$(measure "$plugins" "$dir"); warm=$(measure "$plugins" "$dir")
    rm -rf "$dir"
    sum[$label-cold]=$(( ${sum[$label-cold]:-0} + cold )); sum[$label-warm]=$(( ${sum[$label-warm]:-0} + warm ))
    echo "run $i $label: cold ${cold} ms, warm ${warm} ms"
  done
done
for k in cold warm; do
  a=$(( sum[all-$k] / runs )); n=$(( sum[none-$k] / runs ))
  echo "mean $k start: all plugins ($all) ${a} ms, no plugins ${n} ms, ratio $(awk "BEGIN{printf \"%.2f\", $a/$n}")"
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(uname -r)"
