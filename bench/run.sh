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
# Knobs (environment):
#   BENCH_NS="100 500 1000 2000"  player counts        BENCH_SECONDS=15  measurement window (s)
#   BENCH_WARMUP=5                 warmup after attach  BENCH_RAMP=200    player connects per second
#   BENCH_TICK_MS=200              load tool read tick  BENCH_SERVERS="srs-swift nginx-rtmp"
#   BENCH_BASELINE=3               publisher-only server CPU sample before the players (s)
#   BENCH_SRS=<repo>/objs/srs      srs-swift binary     BENCH_CLIP=<...>/avc-aac-720p-20s.flv
#   BENCH_SERVER_CPU=0 BENCH_CLIENT_CPU=1               BENCH_KEEP=1 keeps the temp dir (logs)
# Needs: gcc, ffmpeg, taskset; nginx-rtmp needs nginx + libnginx-mod-rtmp (Debian packages).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT="$HERE/out"
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

CLIP=${BENCH_CLIP:-}
if [[ -z "$CLIP" ]]; then
    for c in "$ROOT/../shared/media/avc-aac-720p-20s.flv" /work/shared/media/avc-aac-720p-20s.flv; do
        [[ -f "$c" ]] && { CLIP=$c; break; }
    done
fi

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

[[ -n "$CLIP" && -f "$CLIP" ]] || die "clip not found (set BENCH_CLIP)"
for t in gcc ffmpeg taskset ss; do
    command -v "$t" >/dev/null || die "$t missing (apt-get install -y gcc ffmpeg util-linux iproute2)"
done

# ---- build and self-test the load tool ----
mkdir -p "$OUT"
gcc -O2 -Wall -Wextra -o "$OUT/rtmp_load" "$HERE/rtmp_load.c"
"$OUT/rtmp_load" -S >&2 || die "rtmp_load self-test failed"

# ---- limits, temp dir, cleanup ----
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
maxn=0; for n in $NS; do (( n > maxn )) && maxn=$n; done
(( $(ulimit -n) > maxn + 100 )) || die "ulimit -n $(ulimit -n) too small for $maxn players"

TMP=$(mktemp -d /tmp/srs-bench.XXXXXX)
PIDS=()
stop_pid() { # pid: TERM, wait up to 5 s, then KILL
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local p
    for p in "${PIDS[@]}"; do stop_pid "$p"; done
    PIDS=()
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    local p
    for p in $(seq $((20000 + RANDOM % 20000)) 1 45000); do
        if [[ -z "$(ss -Hltn "sport = :$p")" ]]; then echo "$p"; return; fi
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

srs_conf() { # dir port
    cat > "$1/srs.conf" <<EOF
listen $2;
max_connections 4000;
daemon off;
pid $1/srs.pid;
srs_log_tank file;
srs_log_file $1/srs.log;
vhost __defaultVhost__ { }
EOF
}

SERVER_PID=
start_server() { # name dir port
    local name=$1 dir=$2 port=$3
    mkdir -p "$dir"
    case $name in
    nginx-rtmp)
        nginx_conf "$dir" "$port"
        taskset -c "$SCPU" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
        ;;
    srs-swift)
        srs_conf "$dir" "$port"
        (cd "$ROOT" && exec taskset -c "$SCPU" "$SRS_BIN" -c "$dir/srs.conf") >"$dir/stdout.log" 2>&1 &
        ;;
    esac
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    wait_listen "$port" "$SERVER_PID" || { tail -20 "$dir"/*.log >&2 || true; return 1; }
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

RUN_SERVERS=()
for s in $SERVERS; do have_server "$s" && RUN_SERVERS+=("$s"); done
(( ${#RUN_SERVERS[@]} > 0 )) || die "no server to benchmark"

log "clip $CLIP; servers: ${RUN_SERVERS[*]}; N: $NS; window ${SECS}s after ${WARM}s warmup; server cpu $SCPU, clients cpu $CCPU"
rm -f "$OUT"/*.json "$OUT"/*.txt

# ---- one measurement ----
run_one() { # server n
    local srv=$1 n=$2 dir="$TMP/$1-$2" port pub rc=0
    port=$(free_port)
    start_server "$srv" "$dir" "$port" || { log "$srv failed to start"; return 1; }
    local url="rtmp://127.0.0.1:$port/live/livestream"
    taskset -c "$CCPU" ffmpeg -nostdin -loglevel error -nostats -progress "$dir/progress.txt" \
        -re -stream_loop -1 -i "$CLIP" -c copy -f flv "$url" >"$dir/ffmpeg.log" 2>&1 &
    pub=$!
    PIDS+=("$pub")
    sleep 3
    kill -0 "$pub" 2>/dev/null || { log "publisher died: $(tail -3 "$dir/ffmpeg.log")"; rc=1; }
    if (( rc == 0 )); then
        log "$srv N=$n: attaching players"
        taskset -c "$CCPU" "$OUT/rtmp_load" -u "$url" -n "$n" -d "$SECS" -w "$WARM" -r "$RAMP" -t "$TICK" \
            -b "$BASE" -p "$SERVER_PID" -P "$dir/progress.txt" -o "$OUT/$srv-$n.json" >"$OUT/$srv-$n.txt" 2>&1 || rc=$?
        cat "$OUT/$srv-$n.txt" >&2
        kill -0 "$SERVER_PID" 2>/dev/null || { log "$srv died during the run"; rc=1; }
        kill -0 "$pub" 2>/dev/null || { log "publisher died during the run"; rc=1; }
    fi
    stop_pid "$pub"
    stop_pid "$SERVER_PID"
    PIDS=()
    return $rc
}

for n in $NS; do
    for srv in "${RUN_SERVERS[@]}"; do
        run_one "$srv" "$n" || log "$srv N=$n: run failed (see above)"
    done
done

# ---- report ----
fmt() { [[ -n "$1" && "$1" != "-1" && "$1" != "-1.0" && "$1" != "-1.0000" ]] && echo "$1" || echo "n/a"; }
{
    echo "### RTMP play benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r))"
    echo
    echo "Clip $(basename "$CLIP"), server on cpu $SCPU, publisher + load tool on cpu $CCPU, window ${SECS} s after ${WARM} s warmup."
    echo "CPU = server utime+stime per wall second per 1000 players (in brackets: minus the publisher-only rate); RSS = (VmRSS with N players - before) / N;"
    echo "first video = connect start to first complete video message; below = players under 90% of the publisher's kbps."
    echo
    echo "| server | N | playing | CPU s/s per 1000 | RSS kB/player | first video p50 / p95 / max ms | kbps p50 (pub) | below | load tool CPU per 1000 |"
    echo "|---|---:|---:|---:|---:|---|---|---:|---:|"
    for n in $NS; do
        for srv in "${RUN_SERVERS[@]}"; do
            j="$OUT/$srv-$n.json"
            if [[ ! -f "$j" ]]; then echo "| $srv | $n | failed | | | | | | |"; continue; fi
            echo "| $srv | $n | $(jget alive_end "$j") | $(fmt "$(jget server_cpu_per_1000 "$j")") ($(fmt "$(jget server_net_cpu_per_1000 "$j")")) | $(fmt "$(jget rss_kb_per_player "$j")") |" \
                "$(jget first_video_p50_ms "$j") / $(jget first_video_p95_ms "$j") / $(jget first_video_max_ms "$j") |" \
                "$(jget kbps_p50 "$j") ($(fmt "$(jget publisher_kbps "$j")")) | $(jget below "$j") | $(fmt "$(jget load_cpu_per_1000 "$j")") |"
        done
    done
    if [[ " ${RUN_SERVERS[*]} " == *" srs-swift "* && " ${RUN_SERVERS[*]} " == *" nginx-rtmp "* ]]; then
        echo
        echo "| N | CPU srs-swift / nginx-rtmp | RSS per player srs-swift / nginx-rtmp |"
        echo "|---:|---:|---:|"
        for n in $NS; do
            a="$OUT/srs-swift-$n.json" b="$OUT/nginx-rtmp-$n.json"
            [[ -f "$a" && -f "$b" ]] || { echo "| $n | n/a | n/a |"; continue; }
            awk -v n="$n" -v c1="$(jget server_cpu_per_1000 "$a")" -v c2="$(jget server_cpu_per_1000 "$b")" \
                -v r1="$(jget rss_kb_per_player "$a")" -v r2="$(jget rss_kb_per_player "$b")" 'BEGIN {
                cr = (c2 > 0 && c1 >= 0) ? sprintf("%.2f", c1 / c2) : "n/a"
                rr = (r2 > 0 && r1 >= 0) ? sprintf("%.2f", r1 / r2) : "n/a"
                printf "| %s | %s | %s |\n", n, cr, rr }'
        done
    fi
} | tee "$OUT/results.md"
