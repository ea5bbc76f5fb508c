#!/usr/bin/env bash
# RTMP play benchmark: srs-swift (objs/srs) side by side with nginx-rtmp, same clip, same N, same
# pinning (server on one core, publisher + load tool on the other). `make bench` runs this.
#
# Per server and N: start the server pinned to BENCH_SERVER_CPU, publish the clip with
# `ffmpeg -re -stream_loop -1 ... -c copy -f flv` pinned to BENCH_CLIENT_CPU, attach N players with
# bench/out/rtmp_load (same core), let them warm up, then measure over BENCH_SECONDS: server CPU
# (utime+stime from /proc/PID/stat), RSS growth per player (VmRSS), time to first video, and how
# many players fell below 90% of the publisher's bitrate. Prints a markdown table, also written to
# bench/out/results.md (raw figures: bench/out/<server>-<N>.json and .txt).
#
# Then, srs-swift only: HTTP-FLV players with the same N (and the ratio of CPU per HTTP-FLV player to
# CPU per RTMP player from this run), the cost of polling the HTTP API (bench/out/api-*.json), and,
# when the server writes HLS, the cost of HLS muxing and how soon each .ts is on disk (hls-*.json);
# the cost of a Prometheus scrape of /metrics every second with N players (metrics-*.json).
# Part "bare": bench/bare_fanout (no protocol, one shared buffer per tag, writev) serves the same
# clip to the same N HTTP-FLV players: the floor the servers' CPU per player is compared with.
# Part "ingest": N publishers from bench/rtmp_publish (the clip paced in real time per publisher,
# live/stream0..N-1), no player: server CPU and RSS per publisher (the same tool against nginx-rtmp);
# srs-swift's HTTP API counts the publishing streams mid-window. Part "streams" (srs-swift): N
# publishers and BENCH_STREAMS_PLAYERS RTMP players per stream (rtmp_load -m N): CPU per stream and
# per player, RSS, first video, players below 90% of what the publishers send.
#
# Knobs (environment):
#   BENCH_NS="100 500 1000 2000"  player counts        BENCH_SECONDS=15  measurement window (s)
#   BENCH_WARMUP=5                 warmup after attach  BENCH_RAMP=200    player connects per second
#   BENCH_TICK_MS=200              load tool read tick  BENCH_SERVERS="srs-swift nginx-rtmp"
#   BENCH_BASELINE=3               publisher-only server CPU sample before the players (s)
#   BENCH_SRS=<repo>/objs/srs      srs-swift binary     BENCH_CLIP=<repo>/objs/media/avc-aac-720p-20s.flv
#   BENCH_SERVER_CPU=0 BENCH_CLIENT_CPU=1               BENCH_KEEP=1 keeps the temp dir (logs)
#   BENCH_OUT=<repo>/bench/out  tools, raw figures and results.md (the test smoke uses its own)
#   BENCH_PARTS="rtmp http api hls"  sections to run   BENCH_HTTP_NS=$BENCH_NS  HTTP-FLV player counts
#   BENCH_API_SECONDS=20  polling window; the baseline is half of it before + half after
#   BENCH_API_POLLERS=10  BENCH_API_PATHS="/api/v1/summaries <summaries,streams,clients>" (one run per set)
#   BENCH_HLS_SECONDS=20  CPU window with and without HLS, and the segment watch (s)
#   BENCH_EDGE_NS=1000    players on an edge (part "edge": RTMP and HTTP-FLV players on an edge pulling
#                         from an origin on the client core; compared with the origin runs of this run)
#   BENCH_METRICS_N=1000  players while /metrics is scraped (part "metrics", also `make bench-metrics`)
#   BENCH_METRICS_SECONDS=20  scraping window (one GET /metrics per second); the baseline with the same
#                         players and no scrape is half of it before + half after
#   BENCH_METRICS_INTERVAL_MS=1000  time between scrapes (100 gives ten times the signal per scrape)
#   BENCH_BARE_NS=$BENCH_NS  players of the bare fan-out (part "bare")
#   BENCH_RATIO_N=5000 BENCH_RATIO_ROUNDS=3  part "ratio" (also `make bench-ratio`): srs-swift RTMP, srs-swift HTTP-FLV
#                            and the bare fan-out (mode 350) in turn, ROUNDS times at N players; each round's ratios
#                            and their median (the machine drifts between runs minutes apart: adjacent runs compare best)
#   BENCH_LL_NS=1000         players of part "lowlat": srs-swift with min_latency on; tcp_nodelay on; mw_latency 0,
#                            and bare_fanout -m 0 -N (each tag when due, TCP_NODELAY) at the same N; then the
#                            publish-to-play latency of low latency and default batching (rtmp_publish -L as the
#                            publisher, time_jitter off, BENCH_LAT_PROBES=20 players matching its send log)
#   BENCH_BARE_MODES="350"   its write modes: ms between batched writes (350 = mw_latency), 0 = each tag when due;
#                            letters after it: n = TCP_NODELAY (0n: the low-latency comparison), u = io_uring (0nu)
#   BENCH_INGEST_NS="100 1000"  publishers of the ingest part (no player)
#   BENCH_STREAMS_N=1000  streams (one publisher each) of the streams part
#   BENCH_STREAMS_PLAYERS=2  RTMP players per stream there
#   BENCH_PUB_TICK_MS=10  rtmp_publish's send tick (each publisher writes the tags due, one writev per tag)
#   BENCH_WORKERS_NS=2000  players of part "workers" (srs-swift `workers W` for each W of BENCH_WORKERS="1 2"):
#                         server, publisher and load tool all unpinned on BENCH_WORKERS_CPUS (default every core),
#                         so the server can use them all; CPU per 1000 players and how it splits over the threads;
#                         BENCH_WORKERS_VHOST="min_latency on; tcp_nodelay on; play { mw_latency 0; }" runs it in low latency
# Needs: gcc, ffmpeg, taskset, curl; nginx-rtmp needs nginx + libnginx-mod-rtmp (Debian packages).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${BENCH_OUT:-$HERE/out}
NS=${BENCH_NS:-100 500 1000 2000}
SECS=${BENCH_SECONDS:-15}
WARM=${BENCH_WARMUP:-5}
RAMP=${BENCH_RAMP:-200}
TICK=${BENCH_TICK_MS:-200}
BASE=${BENCH_BASELINE:-3}
SERVERS=${BENCH_SERVERS:-srs-swift nginx-rtmp}
SRS_BIN=${BENCH_SRS:-$ROOT/objs/srs}
SCPU=${BENCH_SERVER_CPU:-0}
CCPU=${BENCH_CLIENT_CPU:-1}
NGINX_MOD=/usr/lib/nginx/modules/ngx_rtmp_module.so
PARTS=" ${BENCH_PARTS:-rtmp http api hls edge metrics bare ratio lowlat ingest streams workers} "
HTTP_NS=${BENCH_HTTP_NS:-$NS}
API_SECS=${BENCH_API_SECONDS:-20}
API_POLLERS=${BENCH_API_POLLERS:-10}
API_PATHS=${BENCH_API_PATHS:-/api/v1/summaries /api/v1/summaries,/api/v1/streams/,/api/v1/clients/}
HLS_SECS=${BENCH_HLS_SECONDS:-20}
EDGE_NS=${BENCH_EDGE_NS:-1000}
METRICS_N=${BENCH_METRICS_N:-1000}
METRICS_SECS=${BENCH_METRICS_SECONDS:-20}
METRICS_INTERVAL=${BENCH_METRICS_INTERVAL_MS:-1000}
BARE_NS=${BENCH_BARE_NS:-$NS}
RATIO_N=${BENCH_RATIO_N:-5000}
RATIO_ROUNDS=${BENCH_RATIO_ROUNDS:-3}
BARE_TAG=""    # the bare fan-out's output name's suffix (the ratio part: -ratio-rR)
LL_NS=${BENCH_LL_NS:-1000}
SRS_VHOST=""   # extra vhost directives of the RTMP-only srs-swift config (the lowlat part sets them)
SRS_GLOBAL=""  # extra root directives of that config (the workers part sets `workers W;`)
SRS_TAG=""     # the output name's tag instead of the server's (the workers part: srs-swift-wW)
SEND_LOG=""    # set: the publisher is rtmp_publish -L SEND_LOG and the first LAT_PROBES players measure latency
LAT_PROBES=${BENCH_LAT_PROBES:-20}
WORKERS_NS=${BENCH_WORKERS_NS:-2000}
WORKERS_LIST=${BENCH_WORKERS:-1 2}
WORKERS_CPUS=${BENCH_WORKERS_CPUS:-0-$(( $(nproc) - 1 ))}
WORKERS_VHOST=${BENCH_WORKERS_VHOST:-}
BARE_MODES=${BENCH_BARE_MODES:-350}
INGEST_NS=${BENCH_INGEST_NS:-100 1000}
STREAMS_N=${BENCH_STREAMS_N:-1000}
STREAMS_PLAYERS=${BENCH_STREAMS_PLAYERS:-2}
PUB_TICK=${BENCH_PUB_TICK_MS:-10}

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

# The repository's generated 720p clip (1.5 Mbps, 2 s GOP); made here if `make media` has not run.
CLIP=${BENCH_CLIP:-}
if [[ -z "$CLIP" ]]; then
    CLIP=$ROOT/objs/media/avc-aac-720p-20s.flv
    bash "$ROOT/scripts/make-test-media.sh" "$(dirname "$CLIP")" || die "cannot generate $CLIP"
fi

[[ -n "$CLIP" && -f "$CLIP" ]] || die "clip not found (set BENCH_CLIP)"
for t in gcc ffmpeg taskset ss; do
    command -v "$t" >/dev/null || die "$t missing (apt-get install -y gcc ffmpeg util-linux iproute2)"
done

# ---- build and self-test the load tools ----
mkdir -p "$OUT"
gcc -O2 -Wall -Wextra -o "$OUT/rtmp_load" "$HERE/rtmp_load.c"
gcc -O2 -Wall -Wextra -o "$OUT/api_poll" "$HERE/api_poll.c"
gcc -O2 -Wall -Wextra -o "$OUT/hls_watch" "$HERE/hls_watch.c"
gcc -O2 -Wall -Wextra -o "$OUT/bare_fanout" "$HERE/bare_fanout.c"
gcc -O2 -Wall -Wextra -o "$OUT/rtmp_publish" "$HERE/rtmp_publish.c"
"$OUT/rtmp_load" -S >&2 || die "rtmp_load self-test failed"
"$OUT/rtmp_publish" -S -f "$CLIP" >&2 || die "rtmp_publish self-test failed"

# ---- limits, temp dir, cleanup ----
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
maxn=0; for n in $NS $HTTP_NS $METRICS_N $BARE_NS $RATIO_N $LL_NS $WORKERS_NS $INGEST_NS $(( STREAMS_N * (1 + STREAMS_PLAYERS) )); do (( n > maxn )) && maxn=$n; done
(( $(ulimit -n) > maxn + 100 )) || die "ulimit -n $(ulimit -n) too small for $maxn players"
MAXCONN=$(( maxn + 100 > 4000 ? maxn + 100 : 4000 ))  # srs-swift's max_connections

TMP=$(mktemp -d /tmp/srs-bench.XXXXXX)
PIDS=()
# Every server, publisher and load tool runs through taskset; this wrapper writes each command line to
# $OUT/commands.txt (the report prints them, with this run's paths as $OUT, $TMP and $ROOT). In a
# subshell (`taskset ... &`, `(cd X && taskset ...) &`) it execs, so $! is the process itself.
CMDS="$OUT/commands.txt"
: >"$CMDS"
taskset() {
    local line
    line=$(printf '%q ' taskset "$@")
    line=${line//"$TMP"/'$TMP'}
    line=${line//"$OUT"/'$OUT'}
    line=${line//"$ROOT"/'$ROOT'}
    echo "${line% }" >>"$CMDS"
    if [[ $BASHPID != "$$" ]]; then exec taskset "$@"; fi
    command taskset "$@"
}
stop_pid() { # pid: TERM, wait up to 5 s, then KILL
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
stop_all() {
    local p
    for p in "${PIDS[@]}"; do stop_pid "$p"; done
    PIDS=()
}
cleanup() {
    stop_all
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # [ports to avoid...]
    local p
    # Below the ephemeral range (32768+), where thousands of player sockets live, and free in
    # every TCP state, not just listening.
    for p in $(seq $((10000 + RANDOM % 15000)) 1 32000); do
        [[ " $* " == *" $p "* ]] && continue
        if [[ -z "$(ss -Htan "sport = :$p")" ]]; then echo "$p"; return; fi
    done
    die "no free port"
}

wait_listen() { # port pid
    local i
    for i in $(seq 100); do
        [[ -n "$(ss -Hltn "sport = :$1")" ]] && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# ---- server configs ----
nginx_conf() { # dir port
    cat > "$1/nginx.conf" <<EOF
load_module $NGINX_MOD;
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile 65536;
pid $1/nginx.pid;
error_log $1/error.log notice;
events { worker_connections 65536; }
rtmp {
    server {
        listen 127.0.0.1:$2;
        chunk_size 60000;
        application live { live on; }
    }
}
EOF
}

# The RTMP runs use the first form (RTMP only); the others add the HTTP server with HTTP-FLV, and
# optionally the HTTP API and HLS (2 s fragments, 10 s window, files under DIR/hls). The HLS runs
# (hls on or off) also make hls_watch's player a clock for the keyframes: play.time_jitter off (it
# sees the publisher's timestamps, which the .ts DTS carry; `full` rebases them per player),
# min_latency on (no merged-write wait, 350 ms by default) and tcp_nodelay on. HLS observes the
# source directly, so these change nothing for the muxer, and there is no player in the CPU window.
srs_conf() { # dir port [http_port|"" [api_port|"" [hls: on|off|"" [exporter_port]]]] (no http_port: RTMP, + the API if given)
    if [[ -z "${3:-}" ]]; then
        local api_only=""
        [[ -n "${4:-}" ]] && api_only="http_api { enabled on; listen 127.0.0.1:$4; }"
        cat > "$1/srs.conf" <<EOF
listen $2;
max_connections $MAXCONN;
daemon off;
pid $1/srs.pid;
srs_log_tank file;
srs_log_file $1/srs.log;
$SRS_GLOBAL
$api_only
vhost __defaultVhost__ { $SRS_VHOST }
EOF
        return
    fi
    local api="" hls="" exporter=""
    [[ -n "${4:-}" ]] && api="http_api { enabled on; listen 127.0.0.1:$4; }"
    [[ -n "${6:-}" ]] && exporter="exporter { enabled on; listen 127.0.0.1:$6; }"
    [[ -n "${5:-}" ]] && hls="min_latency on; tcp_nodelay on; play { time_jitter off; }"
    [[ "${5:-off}" == on ]] && hls="$hls hls { enabled on; hls_fragment 2; hls_window 10; hls_path $1/hls; }"
    mkdir -p "$1/html"
    cat > "$1/srs.conf" <<EOF
listen $2;
max_connections $MAXCONN;
daemon off;
pid $1/srs.pid;
srs_log_tank file;
srs_log_file $1/srs.log;
http_server { enabled on; listen 127.0.0.1:$3; dir $1/html; }
$api
$exporter
vhost __defaultVhost__ {
    http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }
    $hls
}
EOF
}

# An edge (port, HTTP-FLV on http_port) pulling from the origin at origin_port.
srs_edge_conf() { # dir port http_port origin_port
    mkdir -p "$1/html"
    cat > "$1/srs.conf" <<EOF
listen $2;
max_connections $MAXCONN;
daemon off;
pid $1/srs.pid;
srs_log_tank file;
srs_log_file $1/srs.log;
http_server { enabled on; listen 127.0.0.1:$3; dir $1/html; }
vhost __defaultVhost__ {
    cluster { mode remote; origin 127.0.0.1:$4; }
    http_remux { enabled on; mount [vhost]/[app]/[stream].flv; }
}
EOF
}

SERVER_PID=
start_server() { # name dir port [http_port [api_port [hls [exporter_port]]]] (the extras: srs-swift only)
    local name=$1 dir=$2 port=$3 p
    mkdir -p "$dir"
    case $name in
    nginx-rtmp)
        nginx_conf "$dir" "$port"
        taskset -c "$SCPU" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
        ;;
    srs-swift)
        srs_conf "$dir" "$port" "${@:4}"
        (cd "$ROOT" && taskset -c "$SCPU" "$SRS_BIN" -c "$dir/srs.conf") >"$dir/stdout.log" 2>&1 &
        ;;
    esac
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    for p in "$port" "${@:4:2}" "${7:-}"; do
        [[ -n "$p" ]] || continue
        wait_listen "$p" "$SERVER_PID" || { tail -n 20 "$dir"/*.log >&2 || true; return 1; }
    done
}

PUB_PID=
start_publisher() { # dir rtmp_url: the clip in real time, looped, on the client core
    if [[ -n "$SEND_LOG" ]]; then
        # Latency runs: rtmp_publish paces each tag when due (1 ms tick, Nagle on like ffmpeg) and logs
        # when each video message left; rtmp_load -L/-l matches its probes' messages against that log.
        taskset -c "$CCPU" "$OUT/rtmp_publish" -u "$2" -f "$CLIP" -n 1 -w 0 -d 0 -t 1 -N -P "$1/progress.txt" \
            -L "$SEND_LOG" >"$1/ffmpeg.log" 2>&1 &
    else
        taskset -c "$CCPU" ffmpeg -nostdin -loglevel error -nostats -progress "$1/progress.txt" \
            -re -stream_loop -1 -i "$CLIP" -c copy -f flv "$2" >"$1/ffmpeg.log" 2>&1 &
    fi
    PUB_PID=$!
    PIDS+=("$PUB_PID")
}

jget() { sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$2"; }

have_server() {
    case $1 in
    srs-swift) [[ -x "$SRS_BIN" ]] || { log "skip srs-swift: $SRS_BIN not built"; return 1; } ;;
    nginx-rtmp)
        command -v nginx >/dev/null && [[ -f "$NGINX_MOD" ]] ||
            { log "skip nginx-rtmp: apt-get install -y nginx libnginx-mod-rtmp"; return 1; } ;;
    *) log "unknown server $1"; return 1 ;;
    esac
}

ratio_row() { # N fileA fileB key1 key2: "| N | A/B of key1 | A/B of key2 |"
    awk -v n="$1" -v a1="$(jget "$4" "$2")" -v b1="$(jget "$4" "$3")" \
        -v a2="$(jget "$5" "$2")" -v b2="$(jget "$5" "$3")" 'BEGIN {
        r1 = (b1 > 0 && a1 >= 0) ? sprintf("%.2f", a1 / b1) : "n/a"
        r2 = (b2 > 0 && a2 >= 0) ? sprintf("%.2f", a2 / b2) : "n/a"
        printf "| %s | %s | %s |\n", n, r1, r2 }'
}

RUN_SERVERS=()
for s in $SERVERS; do have_server "$s" && RUN_SERVERS+=("$s"); done
(( ${#RUN_SERVERS[@]} > 0 )) || [[ $PARTS == *" bare "* ]] || die "no server to benchmark"
HAVE_SRS=0
[[ " ${RUN_SERVERS[*]} " == *" srs-swift "* ]] && HAVE_SRS=1

log "clip $CLIP; servers: ${RUN_SERVERS[*]}; parts:$PARTS; N: $NS; window ${SECS}s after ${WARM}s warmup; server cpu $SCPU, clients cpu $CCPU; load $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$OUT"/*.json "$OUT"/*.txt "$OUT"/*.paths "$OUT"/*.api

# Each thread's share of the process's CPU so far (utime+stime from /proc/PID/task/*/stat), largest
# first, threads under 1% left out: how `workers W` spreads the work.
thread_shares() { # pid
    local t total=0 line shares=()
    declare -A ticks=()
    for t in /proc/"$1"/task/*; do
        line=$(cat "$t/stat" 2>/dev/null) || continue
        line=${line##*) }
        read -r -a f <<<"$line"
        ticks[${t##*/}]=$(( f[11] + f[12] ))
        total=$(( total + f[11] + f[12] ))
    done
    (( total > 0 )) || { echo "n/a"; return; }
    for t in "${!ticks[@]}"; do
        (( ticks[$t] * 100 >= total )) && shares+=("$(( ticks[$t] * 100 / total ))")
    done
    printf '%s\n' "${shares[@]}" | sort -rn | paste -sd/ -
}

# ---- one player measurement ----
run_one() { # server n [http]: RTMP players, or HTTP-FLV players (srs-swift only) with "http"
    local srv=$1 n=$2 mode=${3:-rtmp} dir="$TMP/$1-$2-${3:-rtmp}" port hport="" pub rc=0 tag=$1
    [[ -n "$SRS_VHOST" ]] && tag=$srv-ll dir="$dir-ll"
    [[ -n "$SRS_TAG" ]] && tag=$SRS_TAG dir="$dir-$SRS_TAG"
    port=$(free_port)
    if [[ $mode == http ]]; then hport=$(free_port "$port"); tag=${SRS_TAG:-$srv}-http; fi
    start_server "$srv" "$dir" "$port" $hport || { log "$srv failed to start"; stop_all; return 1; }
    local purl="rtmp://127.0.0.1:$port/live/livestream" url
    url=$purl
    [[ $mode == http ]] && url="http://127.0.0.1:$hport/live/livestream.flv"
    start_publisher "$dir" "$purl"
    pub=$PUB_PID
    sleep 3
    kill -0 "$pub" 2>/dev/null || { log "publisher died: $(tail -3 "$dir/ffmpeg.log")"; rc=1; }
    if (( rc == 0 )); then
        log "$srv N=$n: attaching $mode players"
        local probes=()
        [[ -n "$SEND_LOG" ]] && probes=(-L "$LAT_PROBES" -l "$SEND_LOG")
        taskset -c "$CCPU" "$OUT/rtmp_load" -u "$url" -n "$n" -d "$SECS" -w "$WARM" -r "$RAMP" -t "$TICK" \
            -b "$BASE" -p "$SERVER_PID" -P "$dir/progress.txt" "${probes[@]}" \
            -o "$OUT/$tag-$n.json" >"$OUT/$tag-$n.txt" 2>&1 || rc=$?
        cat "$OUT/$tag-$n.txt" >&2
        kill -0 "$SERVER_PID" 2>/dev/null || { log "$srv died during the run"; rc=1; }
        kill -0 "$pub" 2>/dev/null || { log "publisher died during the run"; rc=1; }
        [[ -n "$SRS_TAG" ]] && thread_shares "$SERVER_PID" >"$OUT/$tag-$n.threads"
    fi
    stop_pid "$pub"
    stop_pid "$SERVER_PID"
    PIDS=()
    return $rc
}

# ---- players on an edge (srs-swift): the edge on the server core, the origin beside the load tool ----
run_edge() { # n rtmp|http
    local n=$1 mode=$2 dir="$TMP/edge-$1-$2" oport aport ohttp port hport rc=0 url origin_pid edge_pid upstreams probe_at
    oport=$(free_port); aport=$(free_port "$oport"); ohttp=$(free_port "$oport" "$aport")
    port=$(free_port "$oport" "$aport" "$ohttp"); hport=$(free_port "$oport" "$aport" "$ohttp" "$port")
    mkdir -p "$dir/origin" "$dir/edge"
    srs_conf "$dir/origin" "$oport" "$ohttp" "$aport"
    (cd "$ROOT" && taskset -c "$CCPU" "$SRS_BIN" -c "$dir/origin/srs.conf") >"$dir/origin/stdout.log" 2>&1 &
    origin_pid=$!
    PIDS+=("$origin_pid")
    wait_listen "$aport" "$origin_pid" || { log "origin failed to start"; stop_all; return 1; }
    srs_edge_conf "$dir/edge" "$port" "$hport" "$oport"
    (cd "$ROOT" && taskset -c "$SCPU" "$SRS_BIN" -c "$dir/edge/srs.conf") >"$dir/edge/stdout.log" 2>&1 &
    edge_pid=$!
    PIDS+=("$edge_pid")
    wait_listen "$hport" "$edge_pid" || { log "edge failed to start"; stop_all; return 1; }
    start_publisher "$dir" "rtmp://127.0.0.1:$oport/live/livestream"
    sleep 3
    url="rtmp://127.0.0.1:$port/live/livestream"
    [[ $mode == http ]] && url="http://127.0.0.1:$hport/live/livestream.flv"
    log "edge N=$n: attaching $mode players to the edge"
    # Merged pull: however many players the edge has, the origin serves it one upstream. Counted
    # in the middle of the measurement window, while every player is connected.
    probe_at=$(awk -v b="$BASE" -v n="$n" -v r="$RAMP" -v w="$WARM" -v s="$SECS" 'BEGIN { print b + n / r + w + s / 2 }')
    (sleep "$probe_at"; curl -s "http://127.0.0.1:$aport/api/v1/clients/?count=10000" | grep -o '"type":"rtmp-play"' | wc -l \
        > "$OUT/srs-swift-edge-$mode-$n.upstreams") &
    local probe_pid=$!
    # The baseline is the edge with no player (no pull yet): its idle cost.
    taskset -c "$CCPU" "$OUT/rtmp_load" -u "$url" -n "$n" -d "$SECS" -w "$WARM" -r "$RAMP" -t "$TICK" \
        -b "$BASE" -p "$edge_pid" -P "$dir/progress.txt" -o "$OUT/srs-swift-edge-$mode-$n.json" \
        >"$OUT/srs-swift-edge-$mode-$n.txt" 2>&1 || rc=$?
    cat "$OUT/srs-swift-edge-$mode-$n.txt" >&2
    wait "$probe_pid" 2>/dev/null || true
    upstreams=$(cat "$OUT/srs-swift-edge-$mode-$n.upstreams" 2>/dev/null || echo "?")
    log "edge N=$n $mode: the origin served $upstreams upstream(s) mid-window"
    kill -0 "$edge_pid" 2>/dev/null || { log "edge died during the run"; rc=1; }
    stop_all
    return $rc
}

# ---- the bare fan-out: the same clip to the same HTTP-FLV players, no server ----
run_bare() { # n mode_ms: bare_fanout on the server core, paced like the publisher, players as for HTTP-FLV
    local n=$1 mode=$2 dir="$TMP/bare-$1-$2$BARE_TAG" port rc=0 bare_pid
    mkdir -p "$dir"
    port=$(free_port)
    # Letters after the mode's ms: n = TCP_NODELAY on the players (-N), u = the writes of a batch
    # through io_uring (-U); e.g. 0n is the low-latency comparison, 0nu the same through io_uring.
    local flags=() ms=${mode%%[a-z]*}
    [[ $mode == *n* ]] && flags+=(-N)
    [[ $mode == *u* ]] && flags+=(-U)
    taskset -c "$SCPU" "$OUT/bare_fanout" -f "$CLIP" -l "$port" -m "$ms" "${flags[@]}" -P "$dir/progress.txt" >"$dir/stdout.log" 2>&1 &
    bare_pid=$!
    PIDS+=("$bare_pid")
    wait_listen "$port" "$bare_pid" || { log "bare_fanout failed to start: $(tail -3 "$dir/stdout.log")"; stop_all; return 1; }
    sleep 3
    log "bare fan-out N=$n (writes every ${mode} ms; 0 = per tag): attaching HTTP-FLV players"
    # The baseline (-b) is bare_fanout pacing the clip with no player: its "publisher-only" rate.
    taskset -c "$CCPU" "$OUT/rtmp_load" -u "http://127.0.0.1:$port/live/livestream.flv" -n "$n" -d "$SECS" -w "$WARM" -r "$RAMP" \
        -t "$TICK" -b "$BASE" -p "$bare_pid" -P "$dir/progress.txt" -o "$OUT/bare-$mode-$n$BARE_TAG.json" \
        >"$OUT/bare-$mode-$n$BARE_TAG.txt" 2>&1 || rc=$?
    cat "$OUT/bare-$mode-$n$BARE_TAG.txt" >&2
    kill -0 "$bare_pid" 2>/dev/null || { log "bare_fanout died during the run"; rc=1; }
    stop_all
    return $rc
}

# ---- many publishers (bench/rtmp_publish): ingest alone, and many streams with players ----
wait_line() { # file pattern pid: 0 once the pattern is in the file; 1 if the process exits first or after 300 s
    local i
    for i in $(seq 3000); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

api_count() { # api_port out_file: writes "<publishing streams> <RTMP players>" as the server's API lists them
    local streams players
    streams=$(curl -s --max-time 10 "http://127.0.0.1:$1/api/v1/streams/?count=100000" | grep -o '"publish":{"active":true' | wc -l || true)
    players=$(curl -s --max-time 10 "http://127.0.0.1:$1/api/v1/clients/?count=100000" | grep -o '"type":"rtmp-play"' | wc -l || true)
    echo "$streams $players" > "$2"
}

# N publishers, no player: the server pinned as for the player runs, rtmp_publish on the client core. The
# baseline (-b) is the idle server, before the first publisher connects.
run_ingest() { # server n
    local srv=$1 n=$2 dir="$TMP/ingest-$1-$2" port aport="" rc=0 tag="$1-ingest-$2" pub_pid half got
    port=$(free_port)
    if [[ $srv == srs-swift ]]; then
        aport=$(free_port "$port")
        start_server "$srv" "$dir" "$port" "" "$aport" || { log "$srv failed to start"; stop_all; return 1; }
    else
        start_server "$srv" "$dir" "$port" || { log "$srv failed to start"; stop_all; return 1; }
    fi
    rm -f "$OUT/$tag.api"
    log "$srv ingest N=$n: publishers at ${RAMP}/s, no player"
    taskset -c "$CCPU" "$OUT/rtmp_publish" -u "rtmp://127.0.0.1:$port/live/stream" -n "$n" -f "$CLIP" -r "$RAMP" \
        -t "$PUB_TICK" -w "$WARM" -d "$SECS" -b "$BASE" -p "$SERVER_PID" -o "$OUT/$tag.json" >"$OUT/$tag.txt" 2>&1 &
    pub_pid=$!
    PIDS+=("$pub_pid")
    half=$(awk -v s="$SECS" 'BEGIN { print s / 2 }')
    if [[ -n $aport ]] && wait_line "$OUT/$tag.txt" 'window start' "$pub_pid"; then
        sleep "$half"
        api_count "$aport" "$OUT/$tag.api"
    fi
    wait "$pub_pid" || rc=$?
    cat "$OUT/$tag.txt" >&2
    if [[ -f "$OUT/$tag.api" ]]; then
        read -r got _ < "$OUT/$tag.api"
        log "$srv ingest N=$n: the API listed $got publishing streams mid-window"
        (( got == n )) || log "$srv ingest N=$n: SHORT: only $got of $n streams publishing"
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$srv died during the run"; rc=1; }
    stop_all
    return $rc
}

# N publishers (live/stream0..N-1), then STREAMS_PLAYERS RTMP players per stream (rtmp_load -m N). The
# publishers run for the whole run (-d 0: their window ends when they are stopped, after the players');
# the players' baseline (-b) is the server with the N publishers and no player.
run_streams() { # n
    local n=$1 np=$(( $1 * STREAMS_PLAYERS )) dir="$TMP/streams-$1" port aport rc=0 pub_pid load_pid half got players
    local tag="srs-swift-streams-$1"
    port=$(free_port); aport=$(free_port "$port")
    start_server srs-swift "$dir" "$port" "" "$aport" || { log "srs-swift (streams) failed to start"; stop_all; return 1; }
    rm -f "$OUT/$tag.api"
    log "streams N=$n: $n publishers at ${RAMP}/s, then $np RTMP players at ${RAMP}/s"
    taskset -c "$CCPU" "$OUT/rtmp_publish" -u "rtmp://127.0.0.1:$port/live/stream" -n "$n" -f "$CLIP" -r "$RAMP" \
        -t "$PUB_TICK" -w 0 -d 0 -b "$BASE" -p "$SERVER_PID" -P "$dir/progress.txt" -o "$OUT/$tag-pub.json" \
        >"$OUT/$tag-pub.txt" 2>&1 &
    pub_pid=$!
    PIDS+=("$pub_pid")
    if ! wait_line "$OUT/$tag-pub.txt" 'window start' "$pub_pid"; then
        cat "$OUT/$tag-pub.txt" >&2
        log "streams N=$n: the publishers did not start"
        stop_all
        return 1
    fi
    sleep "$WARM"
    taskset -c "$CCPU" "$OUT/rtmp_load" -u "rtmp://127.0.0.1:$port/live/stream" -m "$n" -n "$np" -d "$SECS" -w "$WARM" \
        -r "$RAMP" -t "$TICK" -b "$BASE" -p "$SERVER_PID" -P "$dir/progress.txt" -o "$OUT/$tag.json" >"$OUT/$tag.txt" 2>&1 &
    load_pid=$!
    PIDS+=("$load_pid")
    half=$(awk -v s="$SECS" 'BEGIN { print s / 2 }')
    if wait_line "$OUT/$tag.txt" 'window start' "$load_pid"; then
        sleep "$half"
        api_count "$aport" "$OUT/$tag.api"
    fi
    wait "$load_pid" || rc=$?
    cat "$OUT/$tag.txt" >&2
    kill -TERM "$pub_pid" 2>/dev/null || true
    wait "$pub_pid" || rc=1
    cat "$OUT/$tag-pub.txt" >&2
    if [[ -f "$OUT/$tag.api" ]]; then
        read -r got players < "$OUT/$tag.api"
        log "streams N=$n: the API listed $got publishing streams and $players RTMP players mid-window"
        (( got == n && players == np )) || log "streams N=$n: SHORT: $got of $n streams, $players of $np players"
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "srs-swift died during the streams run"; rc=1; }
    stop_all
    return $rc
}

# ---- HTTP API polling cost (srs-swift, publisher only) ----
run_api() {
    local dir="$TMP/api" port hport aport rc=0 i=0 set half
    port=$(free_port); hport=$(free_port "$port"); aport=$(free_port "$port" "$hport")
    start_server srs-swift "$dir" "$port" "$hport" "$aport" || { log "srs-swift (api) failed to start"; stop_all; return 1; }
    start_publisher "$dir" "rtmp://127.0.0.1:$port/live/livestream"
    sleep 5
    half=$(awk -v s="$API_SECS" 'BEGIN { print s / 2 }')
    for set in $API_PATHS; do
        i=$((i + 1))
        kill -0 "$PUB_PID" 2>/dev/null || { log "publisher died: $(tail -3 "$dir/ffmpeg.log")"; rc=1; break; }
        log "api: $API_POLLERS pollers, $set, ${API_SECS}s (baseline ${half}s before and after)"
        echo "$set" > "$OUT/api-$i.paths"
        taskset -c "$CCPU" "$OUT/api_poll" -u "http://127.0.0.1:$aport" -c "$API_POLLERS" -d "$API_SECS" -b "$half" \
            -P "$set" -p "$SERVER_PID" -o "$OUT/api-$i.json" >"$OUT/api-$i.txt" 2>&1 || rc=1
        cat "$OUT/api-$i.txt" >&2
    done
    kill -0 "$SERVER_PID" 2>/dev/null || { log "srs-swift died during the API run"; rc=1; }
    stop_all
    return $rc
}

# ---- Prometheus scrape cost (srs-swift): /metrics every second with N RTMP players, against the same
# players without scraping (baseline half the window before and half after) ----
run_metrics() {
    local dir="$TMP/metrics" port hport eport rc=0 half load_pid settle window
    port=$(free_port); hport=$(free_port "$port"); eport=$(free_port "$port" "$hport")
    start_server srs-swift "$dir" "$port" "$hport" "" "" "$eport" || { log "srs-swift (metrics) failed to start"; stop_all; return 1; }
    start_publisher "$dir" "rtmp://127.0.0.1:$port/live/livestream"
    sleep 3
    kill -0 "$PUB_PID" 2>/dev/null || { log "publisher died: $(tail -3 "$dir/ffmpeg.log")"; stop_all; return 1; }
    half=$(awk -v s="$METRICS_SECS" 'BEGIN { print s / 2 }')
    # The players stay for the whole scrape run: attach, warm up, then the load tool's window
    # covers baseline + scraping + baseline (its own figures are the players' health).
    settle=$(awk -v n="$METRICS_N" -v r="$RAMP" -v w="$WARM" 'BEGIN { print n / r + w + 2 }')
    window=$(awk -v s="$METRICS_SECS" 'BEGIN { print 2 * s + 4 }')
    log "metrics: $METRICS_N players, then /metrics every ${METRICS_INTERVAL} ms for ${METRICS_SECS}s (baseline ${half}s before and after)"
    taskset -c "$CCPU" "$OUT/rtmp_load" -u "rtmp://127.0.0.1:$port/live/livestream" -n "$METRICS_N" -d "$window" -w "$WARM" \
        -r "$RAMP" -t "$TICK" -p "$SERVER_PID" -P "$dir/progress.txt" -o "$OUT/metrics-players.json" \
        >"$OUT/metrics-players.txt" 2>&1 &
    load_pid=$!
    PIDS+=("$load_pid")
    sleep "$settle"
    taskset -c "$CCPU" "$OUT/api_poll" -u "http://127.0.0.1:$eport" -c 1 -i "$METRICS_INTERVAL" -d "$METRICS_SECS" -b "$half" -P /metrics \
        -m "# TYPE srs_build_info" -p "$SERVER_PID" -o "$OUT/metrics-scrape.json" >"$OUT/metrics-scrape.txt" 2>&1 || rc=1
    cat "$OUT/metrics-scrape.txt" >&2
    wait "$load_pid" || rc=1
    cat "$OUT/metrics-players.txt" >&2
    kill -0 "$SERVER_PID" 2>/dev/null || { log "srs-swift died during the metrics run"; rc=1; }
    stop_all
    return $rc
}

# ---- HLS muxing cost and segment lag (srs-swift, publisher only) ----
hls_session() { # on|off: server CPU over HLS_SECS, then (on) the segment watch
    local hls=$1 dir="$TMP/hls-$1" port hport i m3u8="" rc=0
    port=$(free_port); hport=$(free_port "$port")
    start_server srs-swift "$dir" "$port" "$hport" "" "$hls" || { log "srs-swift (hls $hls) failed to start"; stop_all; return 1; }
    start_publisher "$dir" "rtmp://127.0.0.1:$port/live/livestream"
    if [[ $hls == on ]]; then
        for i in $(seq 150); do
            m3u8=$(find "$dir/hls" -name '*.m3u8' 2>/dev/null | head -1 || true)
            [[ -n "$m3u8" ]] && break
            sleep 0.1
        done
        if [[ -z "$m3u8" ]]; then
            log "HLS: not available (no .m3u8 under $dir/hls after 15 s)"
            grep -i hls "$dir/srs.log" 2>/dev/null | head -3 >&2 || true
            echo "HLS: not available (no .m3u8 written within 15 s of publishing)" > "$OUT/hls-unavailable.txt"
            stop_all
            return 2
        fi
        sleep 3
    else
        sleep 6
    fi
    kill -0 "$PUB_PID" 2>/dev/null || { log "publisher died: $(tail -3 "$dir/ffmpeg.log")"; stop_all; return 1; }
    log "hls $hls: server CPU over ${HLS_SECS}s"
    taskset -c "$CCPU" "$OUT/api_poll" -c 0 -d "$HLS_SECS" -p "$SERVER_PID" -o "$OUT/hls-cpu-$hls.json" \
        >"$OUT/hls-cpu-$hls.txt" 2>&1 || rc=1
    cat "$OUT/hls-cpu-$hls.txt" >&2
    if [[ $hls == on ]]; then
        log "hls: segment watch in $(dirname "$m3u8") for ${HLS_SECS}s (+4 s ignored)"
        taskset -c "$CCPU" "$OUT/hls_watch" -u "http://127.0.0.1:$hport/live/livestream.flv" -D "$(dirname "$m3u8")" \
            -d "$HLS_SECS" -w 4 -o "$OUT/hls-watch.json" >"$OUT/hls-watch.txt" 2>&1 || rc=1
        cat "$OUT/hls-watch.txt" >&2
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "srs-swift died during the HLS run"; rc=1; }
    stop_all
    return $rc
}

run_hls() {
    local rc=0
    rm -f "$OUT/hls-unavailable.txt"
    hls_session on || rc=$?
    (( rc == 2 )) && return 0
    hls_session off || rc=1
    return $rc
}

if [[ $PARTS == *" rtmp "* ]]; then
    for n in $NS; do
        for srv in "${RUN_SERVERS[@]}"; do
            run_one "$srv" "$n" || log "$srv N=$n: run failed (see above)"
        done
    done
fi
if (( HAVE_SRS )); then
    if [[ $PARTS == *" http "* ]]; then
        for n in $HTTP_NS; do
            run_one srs-swift "$n" http || log "srs-swift HTTP-FLV N=$n: run failed (see above)"
        done
    fi
    if [[ $PARTS == *" api "* ]]; then run_api || log "API polling run failed (see above)"; fi
    if [[ $PARTS == *" hls "* ]]; then run_hls || log "HLS run failed (see above)"; fi
    if [[ $PARTS == *" edge "* ]]; then
        for n in $EDGE_NS; do
            run_edge "$n" rtmp || log "edge RTMP N=$n: run failed (see above)"
            run_edge "$n" http || log "edge HTTP-FLV N=$n: run failed (see above)"
        done
    fi
    if [[ $PARTS == *" metrics "* ]]; then run_metrics || log "metrics run failed (see above)"; fi
fi
if [[ $PARTS == *" bare "* ]]; then
    for n in $BARE_NS; do
        for m in $BARE_MODES; do run_bare "$n" "$m" || log "bare fan-out N=$n mode $m: run failed (see above)"; done
    done
fi
if (( HAVE_SRS )) && [[ $PARTS == *" ratio "* ]]; then
    for (( r = 1; r <= RATIO_ROUNDS; r++ )); do
        log "ratio round $r of $RATIO_ROUNDS (N=$RATIO_N): RTMP, HTTP-FLV, bare"
        SRS_TAG="srs-swift-ratio-r$r"
        run_one srs-swift "$RATIO_N" || log "ratio round $r: RTMP run failed (see above)"
        run_one srs-swift "$RATIO_N" http || log "ratio round $r: HTTP-FLV run failed (see above)"
        SRS_TAG="" BARE_TAG="-ratio-r$r"
        run_bare "$RATIO_N" 350 || log "ratio round $r: bare run failed (see above)"
        BARE_TAG=""
    done
fi
if (( HAVE_SRS )) && [[ $PARTS == *" lowlat "* ]]; then
    SRS_VHOST="min_latency on; tcp_nodelay on; play { mw_latency 0; }"
    for n in $LL_NS; do
        run_one srs-swift "$n" || log "srs-swift low latency N=$n: run failed (see above)"
        run_bare "$n" 0n || log "bare fan-out N=$n mode 0n: run failed (see above)"
        # Publish-to-play latency, low latency and default batching: rtmp_publish logs when each video
        # message left, LAT_PROBES players log when it arrived (timestamps passed through).
        for lat in ll default; do
            SRS_VHOST="play { time_jitter off; }"
            [[ $lat == ll ]] && SRS_VHOST="min_latency on; tcp_nodelay on; play { mw_latency 0; time_jitter off; }"
            SRS_TAG="srs-swift-lat-$lat" SEND_LOG="$TMP/send-$lat-$n.log"
            run_one srs-swift "$n" || log "srs-swift latency ($lat) N=$n: run failed (see above)"
        done
        SRS_TAG="" SEND_LOG=""
        SRS_VHOST="min_latency on; tcp_nodelay on; play { mw_latency 0; }"
    done
    SRS_VHOST=""
fi
if [[ $PARTS == *" ingest "* ]]; then
    for n in $INGEST_NS; do
        for srv in "${RUN_SERVERS[@]}"; do
            run_ingest "$srv" "$n" || log "$srv ingest N=$n: run failed (see above)"
        done
    done
fi
if (( HAVE_SRS )) && [[ $PARTS == *" streams "* ]]; then
    run_streams "$STREAMS_N" || log "streams N=$STREAMS_N: run failed (see above)"
fi
if (( HAVE_SRS )) && [[ $PARTS == *" workers "* ]]; then
    saved_cpus="$SCPU $CCPU"
    SCPU=$WORKERS_CPUS CCPU=$WORKERS_CPUS
    for n in $WORKERS_NS; do
        for w in $WORKERS_LIST; do
            SRS_GLOBAL="workers $w;" SRS_TAG="srs-swift-w$w" SRS_VHOST=$WORKERS_VHOST
            run_one srs-swift "$n" || log "srs-swift workers $w N=$n: run failed (see above)"
        done
    done
    SRS_GLOBAL="" SRS_TAG="" SRS_VHOST=""
    read -r SCPU CCPU <<<"$saved_cpus"
fi

# ---- report ----
median() { # printf_format values...: the middle one (the mean of the two middle ones for an even count); n/a for none
    local format=$1
    shift
    (( $# > 0 )) || { echo n/a; return; }
    printf '%s\n' "$@" | sort -g | awk -v f="$format" '{ v[NR] = $1 } END { printf f, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
fmt() { [[ -n "$1" && "$1" != "-1" && "$1" != "-1.0" && "$1" != "-1.0000" && "$1" != "-1.000" && "$1" != "-100.000" ]] && echo "$1" || echo "n/a"; }
player_row() { # label n json
    local j=$3
    if [[ ! -f "$j" ]]; then echo "| $1 | $2 | failed | | | | | | |"; return; fi
    echo "| $1 | $2 | $(jget alive_end "$j") | $(fmt "$(jget server_cpu_per_1000 "$j")") ($(fmt "$(jget server_net_cpu_per_1000 "$j")")) | $(fmt "$(jget rss_kb_per_player "$j")") |" \
        "$(jget first_video_p50_ms "$j") / $(jget first_video_p95_ms "$j") / $(jget first_video_max_ms "$j") |" \
        "$(jget kbps_p50 "$j") ($(fmt "$(jget publisher_kbps "$j")")) | $(jget below "$j") | $(fmt "$(jget load_cpu_per_1000 "$j")") |"
}
api_cell() { # api_file expected: "N of N", flagged when short; n/a without the file
    local got rest
    [[ -f "$1" ]] || { echo "n/a"; return; }
    read -r got rest < "$1"
    if (( got == $2 )); then echo "$got of $2"; else echo "**$got of $2 (short)**"; fi
}
ingest_row() { # server n
    local j="$OUT/$1-ingest-$2.json" api
    if [[ ! -f "$j" ]]; then echo "| $1 | $2 | failed | | | | | | |"; return; fi
    api=$(api_cell "$OUT/$1-ingest-$2.api" "$2")
    [[ $1 == srs-swift ]] || api="n/a (no API)"
    echo "| $1 | $2 | $(jget alive_end "$j"), API: $api | $(fmt "$(jget server_cpu_s_per_s "$j")") |" \
        "$(fmt "$(jget server_cpu_per_1000 "$j")") ($(fmt "$(jget server_net_cpu_per_1000 "$j")")) | $(fmt "$(jget rss_kb_per_publisher "$j")") |" \
        "$(jget kbps_p50 "$j") / $(jget kbps_min "$j") ($(jget clip_kbps "$j")) | $(jget msg_lag_p50_ms "$j") / $(jget msg_lag_p99_ms "$j") |" \
        "$(fmt "$(jget load_cpu_s_per_s "$j")") ($(fmt "$(jget load_cpu_per_1000 "$j")")) |"
}
streams_row() { # n
    local n=$1 np=$(( $1 * STREAMS_PLAYERS )) j="$OUT/srs-swift-streams-$1.json" pj="$OUT/srs-swift-streams-$1-pub.json" a
    if [[ ! -f "$j" || ! -f "$pj" ]]; then echo "| $n | $np | failed | | | | | | | | |"; return; fi
    a="$OUT/srs-swift-streams-$n.api"
    local api="n/a"
    if [[ -f "$a" ]]; then
        local got players
        read -r got players < "$a"
        api="$got / $players"
        (( got == n && players == np )) || api="**$api (short)**"
    fi
    echo "| $n | $np | $(jget alive_end "$pj") / $(jget alive_end "$j"), API: $api |" \
        "$(fmt "$(jget server_idle_cpu_s_per_s "$pj")") / $(fmt "$(jget server_idle_cpu_s_per_s "$j")") / $(fmt "$(jget server_cpu_s_per_s "$j")") |" \
        "$(awk -v c="$(jget server_cpu_s_per_s "$j")" -v n="$n" 'BEGIN { printf (c >= 0 ? "%.3f" : "n/a"), c * 1000 / n }') |" \
        "$(fmt "$(jget server_net_cpu_per_1000 "$j")") |" \
        "$(awk -v e="$(jget server_rss_kb "$j")" -v b="$(jget server_rss0_kb "$pj")" -v n="$n" 'BEGIN { printf (e > 0 && b > 0 ? "%.1f" : "n/a"), (e - b) / n }') / $(fmt "$(jget rss_kb_per_player "$j")") |" \
        "$(jget first_video_p50_ms "$j") / $(jget first_video_p95_ms "$j") / $(jget first_video_max_ms "$j") |" \
        "$(jget kbps_p50 "$j") ($(fmt "$(jget publisher_kbps "$j")")) | $(jget below "$j") |" \
        "$(fmt "$(jget load_cpu_s_per_s "$pj")") / $(fmt "$(jget load_cpu_s_per_s "$j")") |"
}
{
    echo "### RTMP play benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r))"
    echo
    echo "Clip $(basename "$CLIP"), server on cpu $SCPU, publisher + load tool on cpu $CCPU, window ${SECS} s after ${WARM} s warmup."
    echo "CPU = server utime+stime per wall second per 1000 players (in brackets: minus the publisher-only rate); RSS = (VmRSS with N players - before) / N;"
    echo "first video = connect start to first complete video message; below = players under 90% of the publisher's kbps."
    [[ $PARTS == *" rtmp "* ]] || { echo; echo "(RTMP runs skipped: BENCH_PARTS=\"${PARTS# }\")"; }
    if [[ $PARTS == *" rtmp "* ]]; then
        echo
        echo "| server | N | playing | CPU s/s per 1000 | RSS kB/player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU per 1000 |"
        echo "|---|---:|---:|---:|---:|---|---|---:|---:|"
        for n in $NS; do
            for srv in "${RUN_SERVERS[@]}"; do player_row "$srv" "$n" "$OUT/$srv-$n.json"; done
        done
        if [[ " ${RUN_SERVERS[*]} " == *" srs-swift "* && " ${RUN_SERVERS[*]} " == *" nginx-rtmp "* ]]; then
            echo
            echo "| N | CPU srs-swift / nginx-rtmp | RSS per player srs-swift / nginx-rtmp |"
            echo "|---:|---:|---:|"
            for n in $NS; do
                a="$OUT/srs-swift-$n.json" b="$OUT/nginx-rtmp-$n.json"
                [[ -f "$a" && -f "$b" ]] || { echo "| $n | n/a | n/a |"; continue; }
                ratio_row "$n" "$a" "$b" server_cpu_per_1000 rss_kb_per_player
            done
        fi
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" http "* ]]; then
        echo
        echo "### HTTP-FLV play (srs-swift)"
        echo
        echo "Same clip, pinning, window and columns; players GET http://.../live/livestream.flv (chunked FLV)."
        echo
        echo "| server | N | playing | CPU s/s per 1000 | RSS kB/player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU per 1000 |"
        echo "|---|---:|---:|---:|---:|---|---|---:|---:|"
        for n in $HTTP_NS; do player_row "srs-swift HTTP-FLV" "$n" "$OUT/srs-swift-http-$n.json"; done
        echo
        echo "| N | CPU per HTTP-FLV player / per RTMP player (target <= 1.10) | same, minus the publisher-only rate |"
        echo "|---:|---:|---:|"
        for n in $HTTP_NS; do
            a="$OUT/srs-swift-http-$n.json" b="$OUT/srs-swift-$n.json"
            [[ -f "$a" && -f "$b" ]] || { echo "| $n | n/a (needs both runs) | n/a |"; continue; }
            ratio_row "$n" "$a" "$b" server_cpu_per_1000 server_net_cpu_per_1000
        done
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" api "* ]]; then
        echo
        echo "### HTTP API polling (srs-swift, publisher only)"
        echo
        echo "$API_POLLERS keep-alive pollers, one GET per second each (paths rotated), ${API_SECS} s; baseline = publisher-only server CPU,"
        echo "half the window before and half after. CPU in percent of one core (utime+stime; 100 Hz ticks, so about ±0.1)."
        echo
        echo "| paths | requests ok / failed | latency p50 / max ms | server CPU % baseline | polling | above baseline (target < 1) | poller CPU % |"
        echo "|---|---|---|---:|---:|---:|---:|"
        for j in "$OUT"/api-*.json; do
            [[ -f "$j" ]] || { echo "| failed | | | | | | |"; break; }
            b=$(awk -v x="$(jget server_cpu_before_pct "$j")" -v y="$(jget server_cpu_after_pct "$j")" 'BEGIN { printf "%.2f", (x + y) / 2 }')
            echo "| $(sed 's/,/, /g' "${j%.json}.paths") | $(jget requests_ok "$j") / $(jget requests_failed "$j") |" \
                "$(jget latency_p50_ms "$j") / $(jget latency_max_ms "$j") | $b |" \
                "$(awk -v a="$(jget server_cpu_pct "$j")" -v b="$(jget server_cpu_net_pct "$j")" -v c="$(jget poller_cpu_pct "$j")" \
                    'BEGIN { printf "%.2f | %.2f | %.2f |", a, b, c }')"
        done
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" hls "* ]]; then
        echo
        echo "### HLS muxing (srs-swift, publisher only, hls_fragment 2, hls_window 10)"
        echo
        if [[ -f "$OUT/hls-unavailable.txt" ]]; then
            cat "$OUT/hls-unavailable.txt"
        elif [[ -f "$OUT/hls-cpu-on.json" && -f "$OUT/hls-cpu-off.json" ]]; then
            on=$(jget server_cpu_pct "$OUT/hls-cpu-on.json") off=$(jget server_cpu_pct "$OUT/hls-cpu-off.json")
            echo "Server CPU over ${HLS_SECS} s, percent of one core (two fresh servers, same config but for the hls block)."
            echo
            echo "| without HLS | with HLS | HLS cost (target < 2) |"
            echo "|---:|---:|---:|"
            awk -v a="$off" -v b="$on" 'BEGIN { printf "| %.2f | %.2f | %.2f |\n", a, b, b - a }'
            w="$OUT/hls-watch.json"
            if [[ -f "$w" ]]; then
                echo
                echo "Segment lag = .ts mtime − when the keyframe that closed it was due from the publisher (ffmpeg -re schedule,"
                echo "an upper bound) and − when it reached an HTTP-FLV player (a lower bound); see bench/README.md."
                echo
                echo "| segments | start on a keyframe | lag vs schedule p50 / max ms (target <= 100) | lag vs player arrival p50 / max ms | first seen (10 ms scan) vs schedule p50 / max ms | publisher pacing p99 ms | unmatched |"
                echo "|---:|---:|---|---|---|---:|---:|"
                echo "| $(jget segments "$w") | $(jget segments_on_key "$w") | $(jget lag_sched_p50_ms "$w") / $(jget lag_sched_max_ms "$w") |" \
                    "$(jget lag_arrival_p50_ms "$w") / $(jget lag_arrival_max_ms "$w") | $(jget lag_seen_p50_ms "$w") / $(jget lag_seen_max_ms "$w") |" \
                    "$(jget pacing_p99_ms "$w") | $(jget unmatched "$w") |"
            fi
        else
            echo "HLS: run failed (see the log above)"
        fi
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" edge "* ]]; then
        echo
        echo "### Players on an edge (srs-swift edge on cpu $SCPU, its origin and the publisher on cpu $CCPU)"
        echo
        echo "| players | N | playing | CPU s/s per 1000 | RSS kB/player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU per 1000 |"
        echo "|---|---:|---:|---:|---:|---|---|---:|---:|"
        for n in $EDGE_NS; do
            player_row "edge RTMP" "$n" "$OUT/srs-swift-edge-rtmp-$n.json"
            player_row "edge HTTP-FLV" "$n" "$OUT/srs-swift-edge-http-$n.json"
        done
        echo
        echo "| N | edge / origin CPU per RTMP player (target <= 1.10) | edge / origin CPU per HTTP-FLV player | origin upstreams (RTMP, HTTP-FLV edge runs; = 1 edge) |"
        echo "|---:|---:|---:|---|"
        for n in $EDGE_NS; do
            r1=n/a r2=n/a
            a="$OUT/srs-swift-edge-rtmp-$n.json" b="$OUT/srs-swift-$n.json"
            [[ -f "$a" && -f "$b" ]] && r1=$(awk -v x="$(jget server_cpu_per_1000 "$a")" -v y="$(jget server_cpu_per_1000 "$b")" 'BEGIN { printf (y > 0 ? "%.2f" : "n/a"), x / y }')
            a="$OUT/srs-swift-edge-http-$n.json" b="$OUT/srs-swift-http-$n.json"
            [[ -f "$a" && -f "$b" ]] && r2=$(awk -v x="$(jget server_cpu_per_1000 "$a")" -v y="$(jget server_cpu_per_1000 "$b")" 'BEGIN { printf (y > 0 ? "%.2f" : "n/a"), x / y }')
            echo "| $n | $r1 | $r2 | $(cat "$OUT/srs-swift-edge-rtmp-$n.upstreams" 2>/dev/null || echo n/a), $(cat "$OUT/srs-swift-edge-http-$n.upstreams" 2>/dev/null || echo n/a) |"
        done
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" metrics "* ]]; then
        echo
        echo "### Prometheus scrape (srs-swift, $METRICS_N RTMP players, GET /metrics every $METRICS_INTERVAL ms)"
        echo
        j="$OUT/metrics-scrape.json" pj="$OUT/metrics-players.json"
        if [[ -f "$j" ]]; then
            echo "Server CPU in percent of one core over ${METRICS_SECS} s of scraping; baseline = the same players, no scrape,"
            echo "half the window before and half after (100 Hz ticks: about ±0.1)."
            echo
            echo "| scrapes ok / failed | body kB | latency p50 / max ms | server CPU % baseline | scraping | scrape cost | players playing / below bitrate |"
            echo "|---|---:|---|---:|---:|---:|---|"
            b=$(awk -v x="$(jget server_cpu_before_pct "$j")" -v y="$(jget server_cpu_after_pct "$j")" 'BEGIN { printf "%.2f", (x + y) / 2 }')
            echo "| $(jget requests_ok "$j") / $(jget requests_failed "$j") | $(jget kb_per_response "$j") |" \
                "$(jget latency_p50_ms "$j") / $(jget latency_max_ms "$j") | $b |" \
                "$(awk -v a="$(jget server_cpu_pct "$j")" -v b="$(jget server_cpu_net_pct "$j")" 'BEGIN { printf "%.2f | %.2f |", a, b }')" \
                "$( [[ -f "$pj" ]] && echo "$(jget alive_end "$pj") / $(jget below "$pj")" || echo "n/a") |"
        else
            echo "metrics: run failed (see the log above)"
        fi
    fi
    if [[ $PARTS == *" bare "* ]]; then
        echo
        echo "### Bare fan-out baseline (bench/bare_fanout on cpu $SCPU: the clip paced in real time, writev of 3 iovecs per tag per player)"
        echo
        echo "Same clip, pinning, window and HTTP-FLV players; no ingest, no protocol, no per-player queue or copy. Mode = ms between"
        echo "batched writes (350 = the servers' default mw_latency; 0 = each tag as soon as it is due)."
        echo
        echo "| server | N | playing | CPU s/s per 1000 | RSS kB/player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU per 1000 |"
        echo "|---|---:|---:|---:|---:|---|---|---:|---:|"
        for n in $BARE_NS; do
            for m in $BARE_MODES; do player_row "bare, mode $m" "$n" "$OUT/bare-$m-$n.json"; done
        done
        if (( HAVE_SRS )); then
            echo
            echo "srs-swift's CPU per player net of its publisher-only baseline (the bare fan-out has no ingest), divided by the bare"
            echo "fan-out's (mode 350, gross) at the same N; n/a where a run is missing from this run."
            echo
            echo "| N | bare CPU s/s per 1000 | RTMP / bare | HTTP-FLV / bare | bare RSS kB/player |"
            echo "|---:|---:|---:|---:|---:|"
            for n in $BARE_NS; do
                b="$OUT/bare-350-$n.json"
                [[ -f "$b" ]] || { echo "| $n | n/a | n/a | n/a | n/a |"; continue; }
                bc=$(jget server_cpu_per_1000 "$b")
                r1=n/a r2=n/a
                a="$OUT/srs-swift-$n.json"
                [[ -f "$a" ]] && r1=$(awk -v x="$(jget server_net_cpu_per_1000 "$a")" -v y="$bc" 'BEGIN { printf (y > 0 && x >= 0 ? "%.2f" : "n/a"), x / (y > 0 ? y : 1) }')
                a="$OUT/srs-swift-http-$n.json"
                [[ -f "$a" ]] && r2=$(awk -v x="$(jget server_net_cpu_per_1000 "$a")" -v y="$bc" 'BEGIN { printf (y > 0 && x >= 0 ? "%.2f" : "n/a"), x / (y > 0 ? y : 1) }')
                echo "| $n | $(fmt "$bc") | $r1 | $r2 | $(fmt "$(jget rss_kb_per_player "$b")") |"
            done
        fi
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" ratio "* ]]; then
        echo
        echo "### Ratio to the bare fan-out: $RATIO_ROUNDS rounds of RTMP, HTTP-FLV, bare in turn (N=$RATIO_N, mode 350)"
        echo
        echo "CPU s/s per 1000 players: srs-swift's net of its publisher-only baseline, the bare fan-out's gross (it has no"
        echo "ingest). Each round's three runs follow each other, so a round's ratios see the same machine; the median row"
        echo "is the figure to compare with the target (1.1)."
        echo
        echo "| round | RTMP CPU | HTTP-FLV CPU | bare CPU | RTMP / bare | HTTP-FLV / bare |"
        echo "|---|---:|---:|---:|---:|---:|"
        rr=() rh=() cr=() ch=() cb=()
        for (( r = 1; r <= RATIO_ROUNDS; r++ )); do
            a="$OUT/srs-swift-ratio-r$r-$RATIO_N.json" h="$OUT/srs-swift-ratio-r$r-http-$RATIO_N.json"
            b="$OUT/bare-350-$RATIO_N-ratio-r$r.json"
            x=n/a y=n/a z=n/a r1=n/a r2=n/a
            [[ -f "$a" ]] && x=$(jget server_net_cpu_per_1000 "$a") && cr+=("$x")
            [[ -f "$h" ]] && y=$(jget server_net_cpu_per_1000 "$h") && ch+=("$y")
            [[ -f "$b" ]] && z=$(jget server_cpu_per_1000 "$b") && cb+=("$z")
            if [[ $z != n/a ]] && awk -v z="$z" 'BEGIN { exit !(z > 0) }'; then
                # A net figure below zero (a few clock ticks at small N) has no ratio, as in the table above.
                [[ $x != n/a && $x != -* ]] && r1=$(awk -v x="$x" -v z="$z" 'BEGIN { printf "%.2f", x / z }') && rr+=("$r1")
                [[ $y != n/a && $y != -* ]] && r2=$(awk -v y="$y" -v z="$z" 'BEGIN { printf "%.2f", y / z }') && rh+=("$r2")
            fi
            echo "| $r | $(fmt "$x") | $(fmt "$y") | $(fmt "$z") | $r1 | $r2 |"
        done
        echo "| median | $(median %.4f "${cr[@]}") | $(median %.4f "${ch[@]}") | $(median %.4f "${cb[@]}") |" \
            "$(median %.2f "${rr[@]}") | $(median %.2f "${rh[@]}") |"
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" lowlat "* ]]; then
        echo
        echo "### Low latency (srs-swift: min_latency on; tcp_nodelay on; play { mw_latency 0; }, RTMP players)"
        echo
        echo "Same clip, pinning and window. The floor beside it: bare_fanout -m 0 -N, each tag written as soon as it is due with"
        echo "TCP_NODELAY (HTTP-FLV players). Writes = the server's write system calls per player per second (/proc/PID/io syscw)."
        echo
        echo "| server | N | playing | CPU s/s per 1000 | RSS kB/player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU per 1000 |"
        echo "|---|---:|---:|---:|---:|---|---|---:|---:|"
        for n in $LL_NS; do
            player_row "srs-swift low latency" "$n" "$OUT/srs-swift-ll-$n.json"
            player_row "bare, mode 0n" "$n" "$OUT/bare-0n-$n.json"
        done
        echo
        echo "| N | srs-swift writes per player per s | bare writes per player per s | srs-swift (net) / bare CPU |"
        echo "|---:|---:|---:|---:|"
        for n in $LL_NS; do
            a="$OUT/srs-swift-ll-$n.json" b="$OUT/bare-0n-$n.json" wa=n/a wb=n/a r=n/a
            [[ -f "$a" ]] && wa=$(fmt "$(jget server_writes_per_player_s "$a")")
            [[ -f "$b" ]] && wb=$(fmt "$(jget server_writes_per_player_s "$b")")
            [[ -f "$a" && -f "$b" ]] && r=$(awk -v x="$(jget server_net_cpu_per_1000 "$a")" -v y="$(jget server_cpu_per_1000 "$b")" 'BEGIN { printf (y > 0 && x >= 0 ? "%.2f" : "n/a"), x / (y > 0 ? y : 1) }')
            echo "| $n | $wa | $wb | $r |"
        done
        echo
        echo "Publish-to-play latency: the publisher is rtmp_publish (each tag when due, 1 ms tick, Nagle on like ffmpeg), which"
        echo "logs when each video message left; the first $LAT_PROBES players are read as soon as bytes arrive and log when each"
        echo "video message arrived; matched by timestamp (play { time_jitter off; } in both configs). Includes the load tool's"
        echo "own delays (it shares its core with the publisher and reads the other players every $TICK ms)."
        echo
        echo "| mode | N | CPU s/s per 1000 (net) | writes per player per s | latency p50 / p99 / max ms | messages (unmatched) |"
        echo "|---|---:|---:|---:|---|---|"
        for n in $LL_NS; do
            for lat in ll default; do
                j="$OUT/srs-swift-lat-$lat-$n.json" label="low latency"
                [[ $lat == default ]] && label="default (mw_latency 350)"
                if [[ ! -f "$j" ]]; then echo "| $label | $n | failed | | | |"; continue; fi
                echo "| $label | $n | $(fmt "$(jget server_cpu_per_1000 "$j")") ($(fmt "$(jget server_net_cpu_per_1000 "$j")")) |" \
                    "$(fmt "$(jget server_writes_per_player_s "$j")") |" \
                    "$(fmt "$(jget latency_p50_ms "$j")") / $(fmt "$(jget latency_p99_ms "$j")") / $(fmt "$(jget latency_max_ms "$j")") |" \
                    "$(jget latency_samples "$j") ($(jget latency_unmatched "$j")) |"
            done
        done
    fi
    if [[ $PARTS == *" ingest "* ]]; then
        echo
        echo "### Ingest alone (bench/rtmp_publish: N publishers of the clip, each paced in real time; no player)"
        echo
        echo "CPU = server utime+stime per wall second over the window (in brackets, per 1000: net of the idle server, measured before any"
        echo "publisher); RSS = (VmRSS at the end - before any publisher) / N; publishing = publishers at the end of the window, and the"
        echo "publishing streams the server's API listed mid-window; kbps = what each publisher sent (chunk headers included); lateness ="
        echo "written - due over every message of the window (tick ${PUB_TICK} ms); load tool = rtmp_publish's getrusage."
        echo
        echo "| server | N | publishing | CPU s/s | CPU s/s per 1000 publishers | RSS kB/publisher | kbps p50 / min (clip) | lateness p50 / p99 ms | load tool CPU s/s (per 1000) |"
        echo "|---|---:|---|---:|---:|---:|---|---|---|"
        for n in $INGEST_NS; do
            for srv in "${RUN_SERVERS[@]}"; do ingest_row "$srv" "$n"; done
        done
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" streams "* ]]; then
        echo
        echo "### Many streams (srs-swift: N publishers from rtmp_publish, $STREAMS_PLAYERS RTMP players per stream from rtmp_load -m N)"
        echo
        echo "Server CPU s/s: idle (before the publishers) / with the publishers / with publishers and players (over the players' window);"
        echo "per 1000 streams = the last / N; per 1000 players = (with players - publishers only) / players. RSS per stream = (VmRSS at"
        echo "the end - idle) / N. Below = players under 90% of what the publishers sent (rtmp_publish -P). API = publishing streams / RTMP"
        echo "players listed mid-window. Load tool = rtmp_publish / rtmp_load."
        echo
        echo "| streams | players | publishing / playing | server CPU s/s idle / publishers / + players | CPU s/s per 1000 streams | per 1000 players (net) | RSS kB per stream / per player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU s/s |"
        echo "|---:|---:|---|---|---:|---:|---|---|---|---:|---|"
        streams_row "$STREAMS_N"
    fi
    if (( HAVE_SRS )) && [[ $PARTS == *" workers "* ]]; then
        echo
        echo "### Workers (srs-swift \`workers W\`: W event loops in one process, SO_REUSEPORT; RTMP players)"
        echo
        echo "Server, publisher and load tool all on cpus $WORKERS_CPUS (nothing pinned: the server may use every core, the load tool"
        echo "shares them). Threads = each thread's share of the server's CPU (largest first, under 1% left out)."
        [[ -n "$WORKERS_VHOST" ]] && echo "Vhost: $WORKERS_VHOST"
        echo
        echo "| workers | N | playing | CPU s/s per 1000 | RSS kB/player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU per 1000 | threads % |"
        echo "|---|---:|---:|---:|---:|---|---|---:|---:|---|"
        for n in $WORKERS_NS; do
            for w in $WORKERS_LIST; do
                j="$OUT/srs-swift-w$w-$n.json" th=n/a
                [[ -f "$OUT/srs-swift-w$w-$n.threads" ]] && th=$(cat "$OUT/srs-swift-w$w-$n.threads")
                echo "$(player_row "$w" "$n" "$j") $th |"
            done
        done
    fi
    echo
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "### Commands (in the order they ran; \$ROOT = the repository, \$OUT = $(basename "$OUT"), \$TMP = the run's temp dir, whose configs BENCH_KEEP=1 keeps)"
    echo
    echo '```'
    cat "$CMDS"
    echo '```'
} | tee "$OUT/results.md"
