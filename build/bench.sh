#!/usr/bin/env bash
# The page benchmark of issue 8 (ARCHITECTURE §9), run by `./build.sh --target=Bench` after publishing the portal
# (artifacts/app) and the floor app (artifacts/floor).
#   build/bench.sh [sqlite] [postgres]        (default: sqlite)
# For each database: generates the province once (artifacts/bench/<db>, or the PostgreSQL database postalcrm_bench),
# starts the floor app (a bare MVC page reading 50 of 200,000 customers with one query) and the portal, and measures
# the floor and each page side by side with wrk (BENCH_CONNECTIONS=32 connections, 2 threads, BENCH_DURATION=10s each,
# after a warm-up pass over every page, BENCH_PASS_WARMUP=2s each, and a warm-up of each page right before it is measured:
# BENCH_WARMUP=3s runs, at least BENCH_WARMUP_MIN=10s in all, until the JIT spent under a tenth of a step compiling in each
# of the last two (read with dotnet-counters, from the tool manifest), at most BENCH_WARMUP_MAX=60s). The budgets are the
# steady state's; the pass's figures are kept too, as each page's first seconds under load.
# BENCH_PG_USAGE_PER_CUSTOMER=N generates PostgreSQL's province with N usage records per customer instead of 100
# (20 million), when only the other pages are to be measured. BENCH_ONLY=<regex> measures only the pages whose names
# match (and leaves the docs alone). Writes artifacts/bench/<db>.md, <db>-times.log (when each page was measured, to read
# beside <db>-counters.csv) and the section between the bench markers of
# docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=${BENCH_APP:-$root/artifacts/app}
floor=${BENCH_FLOOR:-$root/artifacts/floor}
out=$root/artifacts/bench
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-3s}
warmup_min=${BENCH_WARMUP_MIN:-10s}
warmup_max=${BENCH_WARMUP_MAX:-60s}
pass_warmup=${BENCH_PASS_WARMUP:-2s}
conns=${BENCH_CONNECTIONS:-32}
seed=${BENCH_SEED:-20261201}
PG_USER=${POSTALCRM_TEST_PG_USER:-postalcrm_test}
PG_PASSWORD=${POSTALCRM_TEST_PG_PASSWORD:-postalcrm_test}
PG_DB=${BENCH_PG_DATABASE:-postalcrm_bench}
portal_port=${BENCH_PORTAL_PORT:-5391}
floor_port=${BENCH_FLOOR_PORT:-5390}
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else echo "bench: wrk is missing: sudo apt-get install -y wrk" >&2; exit 2; fi
fi
[ -f "$app/PostalCrm.Host.dll" ] && [ -f "$floor/PostalCrm.Bench.Floor.dll" ] || { echo "bench: publish first (./build.sh --target=Bench)" >&2; exit 2; }

# wrk prints one line of figures: requests/s, p50, p95, p99 (ms), non-2xx/3xx responses, socket errors.
lua=$out/report.lua
cat > "$lua" <<'LUA'
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.errors.status, errors,
    summary.requests))
end
LUA

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

rss() { awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$1/status"; }

wait_up() { for _ in $(seq 1 600); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done; echo "bench: $1 did not come up" >&2; return 1; }

# Signs a user in (antiforgery token from the login page) and prints the Cookie header value.
login() {
  local jar; jar=$(mktemp)
  local token; token=$(curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$portal_port/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Login=$1" --data-urlencode "Password=Demo#2026" --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$portal_port/Account/Login"
  awk '$0 !~ /^#/ || $0 ~ /^#HttpOnly_/ { if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$jar"
  rm -f "$jar"
}

# load URL COOKIE DURATION → wrk's RESULT line: the one load every warm-up and measurement puts on a page.
load() { BENCH_COOKIE="$2" nice -n 5 wrk -t2 -c"$conns" --timeout 10s -d"$3" -s "$lua" "$1" 2>/dev/null || true; }

# CPU time (user + system) a process has used so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

seconds() { local v=${1%s}; echo "${v%.*}"; }

# The portal's runtime counters, one line per counter a second (dotnet-counters' CSV, written as it goes).
counters=""
jit_lines() { wc -l <"$counters"; }
# Seconds the JIT compiled since line $1 of the counters file.
jit_since() { awk -F, -v from="$1" 'NR > from && index($3, "dotnet.jit.compilation.time") == 1 { s += $5 } END { printf "%.2f", s }' "$counters"; }

# warm_up URL COOKIE → "seconds of load, JIT seconds in the last step". A page new to the JIT needs 30–60 s of full load
# on this machine before its code is tiered up: dotnet-counters showed the JIT compiling 100–400 methods a second, taking
# 0.6–0.8 of a core, while a page's throughput climbed from 560 to 1,000 req/s, with flat stretches on the way (so
# "throughput no longer rising" stopped the warm-up too early). A short fixed warm-up measured part of that climb, and
# its slow requests were the p95. So it runs BENCH_WARMUP steps until the JIT is quiet: under a tenth of a step spent
# compiling in each of the last two steps (it compiles in bursts), after at least BENCH_WARMUP_MIN, at most BENCH_WARMUP_MAX.
warm_up() {
  local step min max spent=0 mark jit quiet=0
  step=$(seconds "$warmup"); min=$(seconds "$warmup_min"); max=$(seconds "$warmup_max")
  while :; do
    mark=$(jit_lines)
    load "$1" "$2" "${step}s" >/dev/null
    sleep 1.2 # the counters' last second of the step
    spent=$((spent + step))
    jit=$(jit_since "$mark")
    if awk -v j="$jit" -v s="$step" 'BEGIN { exit !(j < s / 10) }'; then quiet=$((quiet + 1)); else quiet=0; fi
    if [ "$spent" -ge "$max" ] || { [ "$spent" -ge "$min" ] && [ "$quiet" -ge 2 ]; }; then break; fi
  done
  echo "$spent $jit"
}

# measure URL COOKIE PID → "rps p50 p95 p99 bad errors cpu_ms_per_request". The CPU the server process spent per request
# is the steadier figure on a shared machine: throughput falls when other work takes the cores, CPU per request much less.
measure() {
  local t0 t1; t0=$(cpu_ticks "$3")
  local result; result=$(load "$1" "$2" "$duration" | awk '/^RESULT/{print $2, $3, $4, $5, $6, $7, $8}')
  t1=$(cpu_ticks "$3")
  awk -v r="$result" -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(r, f, " "); printf "%s %s %s %s %s %s %.2f\n", f[1], f[2], f[3], f[4], f[5], f[6], (f[7] > 0 ? (b - a) * 1000 / hz / f[7] : 0) }'
}

# The pages: label | login ("" = anonymous) | path. Logins are the generator's (ProvinceHostData). The searches come
# first: their budget is a p95 in ms, not a share of the floor, and this shared machine slows down over a long run.
pages=(
  "home page (login + menu only)|c01_center1|/"
  "live search, 2 characters (长江)|c01d01_cm001|/registration/apply/search?q=%E9%95%BF%E6%B1%9F"
  "live search, 3 characters (长江物)|c01d01_cm001|/registration/apply/search?q=%E9%95%BF%E6%B1%9F%E7%89%A9"
  "客户信息维护管理 as city centre (c01_center1)|c01_center1|/registration/customers"
  "客户信息维护管理 as province centre (sheng1)|sheng1|/registration/customers"
  "客户信息维护管理 as district dept (c01d01_dept1)|c01d01_dept1|/registration/customers"
  "客户信息维护管理 as customer manager (c01d01_cm001)|c01d01_cm001|/registration/customers"
  "客户信息维护管理, name filter 长江, city centre|c01_center1|/registration/customers?Name=%E9%95%BF%E6%B1%9F"
  "客户信息维护管理, page 50, city centre|c01_center1|/registration/customers?Page=50"
  "客户注册维护 (c01d01_cm001)|c01d01_cm001|/registration/applications"
  "预审 (c01d01_dept1)|c01d01_dept1|/registration/review/pre"
  "初审 (c01_center1)|c01_center1|/registration/review/initial"
  "终审 (c01_center1)|c01_center1|/registration/review/final"
  "资料调取申请 (c01d01_cm001)|c01d01_cm001|/registration/access"
  "资料调取审批 (c01_center1)|c01_center1|/registration/access/review"
  "资料调取审批, 已审批 (c01_center1)|c01_center1|/registration/access/review?view=decided"
  "文件传递 (c01_center1)|c01_center1|/sharing/transfers"
  "用户管理 (admin)|admin|/admin/users"
  "home page of a customer manager (cards: arrears, plans) (c01d01_cm001)|c01d01_cm001|/"
  "客户合同协议维护 (c01_center1)|c01_center1|/contracts/maintain"
  "客户合同协议维护 (c01d01_cm001)|c01d01_cm001|/contracts/maintain"
  "合同欠费信息维护 (c01_center1)|c01_center1|/contracts/arrears"
  "合同欠费信息维护 (c01d01_cm001)|c01d01_cm001|/contracts/arrears"
  "手工录入用邮信息明细查询 (c01_center1)|c01_center1|/usage/records"
  "手工录入用邮信息明细查询 (c01d01_cm001)|c01d01_cm001|/usage/records"
  "客户用邮批量导入查询 (c01_center1)|c01_center1|/usage/batches"
  "客户经理信息查询 (c01_center1)|c01_center1|/marketing/managers"
  "业绩统计, this year (c01_center1)|c01_center1|/marketing/performance/statistics"
  "业绩统计, this year (c01d01_dept1)|c01d01_dept1|/marketing/performance/statistics"
  "客户经理计划查询 (c01_center1)|c01_center1|/marketing/queries/plans"
  "客户经理日志查询 (c01_center1)|c01_center1|/marketing/queries/logs"
  "客户投诉建议查询 (c01_center1)|c01_center1|/kpi/complaints?search=true"
  # The customer name filters of the newer plugins (2 characters: the bigram path) and the KPI pages' customer picker.
  "客户合同协议维护, customer 长江 (c01_center1)|c01_center1|/contracts/maintain?Customer=%E9%95%BF%E6%B1%9F"
  "合同欠费信息维护, name 长江 (c01_center1)|c01_center1|/contracts/arrears?Field=name&Keyword=%E9%95%BF%E6%B1%9F"
  "客户用邮手工逐笔录入, keyword 长江 (c01_center1)|c01_center1|/usage/entry?Search=true&Keyword=%E9%95%BF%E6%B1%9F"
  "KPI指标分析报告, customer picker (c01_center1)|c01_center1|/kpi/reports"
  "KPI指标分析报告, customer picker, 长江 (c01_center1)|c01_center1|/kpi/reports?q=%E9%95%BF%E6%B1%9F"
)

run_provider() {
  local provider=$1 args=() cs label
  case "$provider" in
    sqlite)
      local dir=$out/sqlite
      cs="Data Source=$dir/postalcrm.db"
      args=("--DataFolder=$dir" "--Database:Provider=Sqlite" "--Database:ConnectionString=$cs")
      floor_args=("--Database:Provider=Sqlite" "--Database:ConnectionString=$cs")
      label=SQLite
      if [ ! -f "$dir/generated" ]; then
        rm -rf "$dir"; mkdir -p "$dir"
        (cd "$app" && nice -n 10 dotnet PostalCrm.Host.dll generate-province --scale province --seed "$seed" "${args[@]}" --Logging:LogLevel:Default=Warning) | tee "$out/sqlite-generate.log"
        touch "$dir/generated"
      fi
      ;;
    postgres)
      # The co-located connection of docs/deploy.md: loopback without TLS. Npgsql's default (SSL Mode=Prefer) makes every
      # loopback connection TLS 1.3 where the server has ssl = on (Debian's default); that protects nothing on one machine
      # and cost the portal a fifth of its throughput (docs/benchmarks.md, twenty-second session, item 5). Floor and
      # portal share this string.
      cs="Host=127.0.0.1;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DB;Maximum Pool Size=100;SSL Mode=Disable"
      args=("--DataFolder=$out/postgres" "--Database:Provider=PostgreSQL" "--Database:ConnectionString=$cs")
      floor_args=("--Database:Provider=PostgreSQL" "--Database:ConnectionString=$cs")
      label=PostgreSQL
      mkdir -p "$out/postgres"
      if [ ! -f "$out/postgres/generated" ]; then
        export PGPASSWORD=$PG_PASSWORD
        psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
        psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qc "CREATE DATABASE $PG_DB ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        (cd "$app" && nice -n 10 dotnet PostalCrm.Host.dll generate-province --scale province --seed "$seed" ${BENCH_PG_USAGE_PER_CUSTOMER:+--usage-records-per-customer "$BENCH_PG_USAGE_PER_CUSTOMER"} "${args[@]}" --Logging:LogLevel:Default=Warning) | tee "$out/postgres-generate.log"
        touch "$out/postgres/generated"
      fi
      ;;
    *) echo "bench: unknown database $provider (sqlite|postgres)" >&2; exit 2 ;;
  esac

  (cd "$floor" && ASPNETCORE_URLS="http://127.0.0.1:$floor_port" exec dotnet PostalCrm.Bench.Floor.dll "${floor_args[@]}") >"$out/$provider-floor.log" 2>&1 &
  local floor_pid=$!; pids+=("$floor_pid")
  (cd "$app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$portal_port" exec dotnet PostalCrm.Host.dll "${args[@]}" --Seed:Demo=false --Logging:LogLevel:Default=Warning) >"$out/$provider-portal.log" 2>&1 &
  local portal_pid=$!; pids+=("$portal_pid")
  wait_up "http://127.0.0.1:$floor_port/"
  wait_up "http://127.0.0.1:$portal_port/healthz"
  local floor_rss0 portal_rss0; floor_rss0=$(rss "$floor_pid"); portal_rss0=$(rss "$portal_pid")
  counters=$out/$provider-counters.csv; rm -f "$counters"
  (cd "$root" && exec dotnet tool run dotnet-counters collect -p "$portal_pid" --counters System.Runtime --refresh-interval 1 --format csv -o "$counters") >/dev/null 2>&1 &
  local counters_pid=$!; pids+=("$counters_pid")
  for _ in $(seq 1 30); do [ -s "$counters" ] && break; sleep 1; done
  [ -s "$counters" ] || { echo "bench: dotnet-counters wrote nothing (dotnet tool restore)" >&2; exit 2; }

  declare -A cookies=()
  local selected=()
  for entry in "${pages[@]}"; do
    IFS='|' read -r name user path <<<"$entry"
    if [ -n "${BENCH_ONLY:-}" ] && ! grep -qE "$BENCH_ONLY" <<<"$name"; then continue; fi
    if [ -n "$user" ] && [ -z "${cookies[$user]:-}" ]; then cookies[$user]=$(login "$user"); fi
    selected+=("$entry")
  done
  # Every page must answer 200 before anything is measured: a plugin refused at start (its files changed while the
  # build ran) answered 404 on every page of a whole PostgreSQL pass, measured as if it were a page.
  local refused=0
  for entry in "${selected[@]}"; do
    IFS='|' read -r name user path <<<"$entry"
    local answer; answer=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${cookies[$user]:-}" "http://127.0.0.1:$portal_port$path")
    if [ "$answer" != 200 ]; then echo "bench: $name answered HTTP $answer ($path)" >&2; refused=1; fi
  done
  if [ "$refused" = 1 ]; then grep -A1 -E '^(fail|crit):' "$out/$provider-portal.log" | head -20 >&2; exit 2; fi
  # A warm-up pass over the floor and every page before anything is measured, so the JIT has compiled the code that all
  # lists share: the first list page measured paid for it (客户信息维护管理 of a city: 1.5–2.1 ms of CPU per request
  # against 0.9–1.0 for the same list's page 50, measured later in the same run).
  # The floor gets 10 s: with the pass's 2 s its JIT was still at work when the first page (the home page) was set beside it.
  load "http://127.0.0.1:$floor_port/" "" 10s >/dev/null
  declare -A first=()
  for entry in "${selected[@]}"; do
    IFS='|' read -r name user path <<<"$entry"
    first[$name]=$(load "http://127.0.0.1:$portal_port$path" "${cookies[$user]:-}" "$pass_warmup" | awk '/^RESULT/{printf "%s, p95 %s ms", $2, $4}')
  done
  local table=$out/$provider.md
  # When each page was measured (UTC, from and to), to read beside the counters' CSV and the database's log.
  local times=$out/$provider-times.log; : >"$times"
  {
    echo "#### $label — $(date -u '+%Y-%m-%d %H:%M UTC'), wrk -t2 -c$conns -d$duration (after a $pass_warmup warm-up pass over every page, then $warmup warm-up steps each until the JIT is quiet, $warmup_min to $warmup_max), each page measured right after its warm-up, its floor just before"
    echo
    echo "| page | req/s | p50 | p95 | vs floor (req/s) | floor req/s | CPU ms/req | floor CPU ms/req | vs floor (CPU) | errors | warm-up | first $pass_warmup of the pass: req/s, p95 |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  } >"$table"
  for entry in "${selected[@]}"; do
    IFS='|' read -r name user path <<<"$entry"
    local status; status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${cookies[$user]:-}" "http://127.0.0.1:$portal_port$path")
    # The floor first, then the page warms up until the JIT is quiet and is measured right away: with the floor measured
    # in between, the idle portal met the load again with a burst of compiling (0.7 of a core for 2 s).
    load "http://127.0.0.1:$floor_port/" "" "$warmup" >/dev/null
    read -r f_rps f_p50 f_p95 _ _ _ f_cpu <<<"$(measure "http://127.0.0.1:$floor_port/" "" "$floor_pid")"
    local warmed warm_jit; read -r warmed warm_jit <<<"$(warm_up "http://127.0.0.1:$portal_port$path" "${cookies[$user]:-}")"
    local measured_from; measured_from=$(date -u +%T)
    read -r p_rps p_p50 p_p95 _ p_bad p_err p_cpu <<<"$(measure "http://127.0.0.1:$portal_port$path" "${cookies[$user]:-}" "$portal_pid")"
    echo "$measured_from $(date -u +%T) $name" >>"$times"
    local ratio; ratio=$(awk -v a="$p_rps" -v b="$f_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    local cpu_ratio; cpu_ratio=$(awk -v a="$p_cpu" -v b="$f_cpu" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
    printf '| %s (HTTP %s) | %s | %s ms | %s ms | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$status" "$p_rps" "$p_p50" "$p_p95" "$ratio" "$f_rps" "$p_cpu" "$f_cpu" "$cpu_ratio" "$((p_bad + p_err))" "$warmed s (JIT $warm_jit s)" "${first[$name]:-}" | tee -a "$table"
  done
  local floor_rss1 portal_rss1; floor_rss1=$(rss "$floor_pid"); portal_rss1=$(rss "$portal_pid")
  {
    echo
    echo "RSS: portal $portal_rss0 MB at start, $portal_rss1 MB after the load; floor $floor_rss0 MB / $floor_rss1 MB."
    echo
  } | tee -a "$table"
  kill "$floor_pid" "$portal_pid" "$counters_pid" 2>/dev/null || true
  wait "$floor_pid" "$portal_pid" "$counters_pid" 2>/dev/null || true
  counters=""
}

providers=("$@")
[ ${#providers[@]} -gt 0 ] || providers=(sqlite)
for p in "${providers[@]}"; do run_provider "$p"; done

# BENCH_ONLY=<regex of page names> measures those pages only (a before/after check); docs/benchmarks.md is left alone.
if [ -n "${BENCH_ONLY:-}" ]; then for p in "${providers[@]}"; do echo "bench: $out/$p.md"; done; exit 0; fi
# docs/benchmarks.md: the section between the markers is replaced by this run's tables.
machine="$(nproc) vCPU ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%d GB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
section=$out/section.md
doc=$root/docs/benchmarks.md
# A run for one database keeps the other's last table from the doc (each table's heading names its own time).
old_table() { [ -f "$doc" ] && awk -v h="#### $1 —" 'index($0, h) == 1 {on = 1} on && /^#### / && index($0, h) != 1 {on = 0} /<!-- bench:end/ {on = 0} on' "$doc"; }
{
  echo "<!-- bench:start (written by build/bench.sh; edit outside the markers) -->"
  echo "### Page throughput beside the floor (./build.sh --target=Bench)"
  echo
  echo "Machine: $machine. Province generated with seed $seed. req/s and latency are wrk's (10 s timeout; \"errors\" = non-2xx/3xx, socket errors and timeouts); \"vs floor\" is the page's req/s over"
  echo "the floor's measured just before it (a bare MVC page reading 50 of 200,000 customers with one query); \"CPU ms/req\" is the CPU the web process spent per request (the database server's own CPU not counted for PostgreSQL) and \"vs floor (CPU)\" the floor's over the page's, the steadier ratio on a shared machine. Budgets: list pages p95 ≤ 100 ms"
  echo "and ≥ 0.25 of the floor, the home page ≥ 0.60, search p95 ≤ 50 ms."
  echo
  for p in sqlite postgres; do
    if printf '%s\n' "${providers[@]}" | grep -qx "$p"; then cat "$out/$p.md"
    elif [ "$p" = sqlite ]; then old_table SQLite
    else old_table PostgreSQL; fi
  done
  echo "<!-- bench:end -->"
} >"$section"
if grep -q '<!-- bench:start' "$doc"; then
  awk -v f="$section" '/<!-- bench:start/{while ((getline l < f) > 0) print l; skip=1; next} /<!-- bench:end -->/{skip=0; next} !skip' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
else
  { echo; cat "$section"; } >>"$doc"
fi
echo "bench: written to $doc"
