#!/bin/bash
# Proves the Dockerfile's runtime stage without a Docker engine (`make docker-check`):
#   1. debootstrap a minimal Debian root for the runtime stage's FROM (debian:<suite>-slim),
#      cached under $SRS_ROOTFS_CACHE (default /var/tmp/srs-rootfs-bookworm), using the Debian
#      mirror that this machine's apt uses;
#   2. in a throw-away copy of it, run the runtime stage's RUN lines (its apt-get install) in a
#      chroot, and put the /usr/local/srs layout (deploy/docker/install-layout.sh, as the build
#      stage does) where the stage's COPY puts it;
#   3. in the chroot: `ldd` finds every library, `objs/srs -v` works, and the stage's CMD (with
#      its ENV and WORKDIR, docker.conf's ports moved to free ones) serves an RTMP stream that
#      ffmpeg publishes from the host and ffprobe plays back as h264 + aac; SIGTERM stops it.
# Needs root (debootstrap, chroot, mount), network to the Debian mirror, ffmpeg and ffprobe.
# Env: SRS_BINARY (default <repo>/objs/srs), SRS_ROOTFS_CACHE, SRS_DEBIAN_MIRROR (override),
#      SRS_DOCKERFILE (default <repo>/Dockerfile),
#      SRS_MEDIA_DIR (default <repo>/objs/media, which `make media` fills; a clip is synthesised if missing),
#      SRS_ROOTFS_KEEP=1 keeps the work directory for inspection.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKERFILE=${SRS_DOCKERFILE:-$REPO/Dockerfile}
BINARY=${SRS_BINARY:-$REPO/objs/srs}
CACHE=${SRS_ROOTFS_CACHE:-/var/tmp/srs-rootfs-bookworm}
MEDIA=${SRS_MEDIA_DIR:-$REPO/objs/media}
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
NAME=docker-rootfs-check

WORK=""
ROOTFS=""
SERVER_PID=""
FFMPEG_PID=""

log() { echo "$NAME: $*"; }

fail() {
    echo "$NAME: FAIL: $*"
    exit 1
}

# Kills what this script started, unmounts, removes the work directory (never across mounts).
cleanup() {
    local pid
    for pid in "$FFMPEG_PID" "$SERVER_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [ -n "$ROOTFS" ] && mountpoint -q "$ROOTFS/proc" 2>/dev/null; then
        umount "$ROOTFS/proc" 2>/dev/null || umount -l "$ROOTFS/proc" || true
    fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "${SRS_ROOTFS_KEEP:-0}" = 1 ]; then
            log "kept $WORK"
        elif [ -n "$ROOTFS" ] && mountpoint -q "$ROOTFS/proc" 2>/dev/null; then
            log "not removing $WORK: $ROOTFS/proc is still mounted"
        else
            rm -rf --one-file-system "$WORK"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

########################################################################
# Reading the Dockerfile's runtime stage

# The runtime stage (from the last FROM), continuation lines joined, comments dropped.
runtime_stage() {
    awk '/^[[:space:]]*#/ { next }
         /^FROM[[:space:]]/ { stage = "" }
         { stage = stage $0 "\n" }
         END { printf "%s", stage }' "$DOCKERFILE" \
        | sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta'
}

# Arguments of instruction $1 in the runtime stage, one instruction per line.
instruction() {
    runtime_stage | awk -v name="$1" 'toupper($1) == name { sub(/^[^[:space:]]+[[:space:]]+/, ""); print }'
}

# The packages named by `apt-get install` in the runtime stage's RUN lines (options skipped).
runtime_packages() {
    instruction RUN | awk '{
        for (i = 1; i <= NF; i++) {
            if ($i == "apt-get" && $(i + 1) == "install") {
                for (j = i + 2; j <= NF; j++) {
                    if ($j == "&&" || $j == ";" || $j == "||") break
                    if ($j !~ /^-/) print $j
                }
            }
        }
    }'
}

########################################################################
# Debian mirror and root file system

# `URI SUITE` pairs of this machine's apt sources (one-line and deb822 formats).
apt_sources() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
        {
            types = ""; uris = ""; suites = ""; enabled = "yes"
            for (i = 1; i <= NF; i++) {
                line = $i
                if (line ~ /^[[:space:]]*#/) continue
                key = tolower(line); sub(/:.*/, "", key)
                value = line; sub(/^[^:]*:[[:space:]]*/, "", value)
                if (key == "types") types = value
                else if (key == "uris") uris = value
                else if (key == "suites") suites = value
                else if (key == "enabled") enabled = tolower(value)
            }
            if (enabled == "no" || (" " types " ") !~ / deb /) next
            n = split(uris, u, /[[:space:]]+/); m = split(suites, s, /[[:space:]]+/)
            for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) if (u[a] != "" && s[b] != "") print u[a], s[b]
        }' "$f"
    done
}

# Writes the chroot's sources.list: the host's entries for SUITE, SUITE-updates, SUITE-security.
write_sources_list() {
    local suite=$1 out=$2 mirror=$3 uri s
    : >"$out"
    while read -r uri s; do
        case "$s" in
            "$suite" | "$suite-updates" | "$suite-security") echo "deb $uri $s main" >>"$out" ;;
        esac
    done < <(apt_sources | awk '!seen[$0]++')
    if ! grep -q " $suite main\$" "$out"; then
        echo "deb $mirror $suite main" >>"$out"
    fi
}

# Creates the cached debootstrap root for SUITE once (locked against concurrent runs).
ensure_base_root() {
    local suite=$1 mirror=$2
    mkdir -p "$CACHE"
    exec 9>"$CACHE/.lock"
    flock 9
    if [ -f "$CACHE/.complete-$suite" ] && [ -x "$CACHE/rootfs/bin/sh" ]; then
        log "using cached $suite root $CACHE/rootfs"
    else
        log "debootstrap --variant=minbase $suite $CACHE/rootfs $mirror (first run; takes a few minutes)"
        rm -rf --one-file-system "$CACHE/rootfs" "$CACHE/rootfs.tmp"
        if ! debootstrap --variant=minbase "$suite" "$CACHE/rootfs.tmp" "$mirror" >"$CACHE/debootstrap.log" 2>&1; then
            tail -n 20 "$CACHE/debootstrap.log"
            fail "debootstrap failed (log: $CACHE/debootstrap.log)"
        fi
        mv "$CACHE/rootfs.tmp" "$CACHE/rootfs"
        echo "$mirror" >"$CACHE/.complete-$suite"
    fi
    flock -u 9
    exec 9>&-
}

########################################################################
# Helpers for the running server

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {
    local port=$1 i
    for ((i = 0; i < 100; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

server_output() {
    echo "---- server output (tail) ----"
    tail -n 30 "$WORK/server.log" 2>/dev/null || true
    echo "------------------------------"
}

########################################################################
# Main

[ "$(id -u)" = 0 ] || fail "must run as root (debootstrap, chroot, mount)"
[ -f "$DOCKERFILE" ] || fail "no Dockerfile at $DOCKERFILE"
[ -x "$BINARY" ] || fail "no server binary at $BINARY (run make build)"
for tool in ffmpeg ffprobe python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (run make deps)"
done
if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } \
        || fail "cannot install debootstrap"
fi

# The runtime stage, as the Dockerfile says it.
from=$(instruction FROM | awk '{ print $1 }')
case "$from" in
    debian:*) suite=${from#debian:}; suite=${suite%-slim} ;;
    *) fail "runtime stage FROM $from is not debian:<suite>[-slim]; this check only knows Debian" ;;
esac
mapfile -t packages < <(runtime_packages)
[ "${#packages[@]}" -gt 0 ] || fail "no apt-get install line found in the runtime stage"
mapfile -t runs < <(instruction RUN)
read -r -a copy_args <<<"$(instruction COPY | grep -- '--from=' | head -n 1)"
[ "${#copy_args[@]}" -eq 3 ] || fail "expected one 'COPY --from=build SRC DEST' in the runtime stage"
prefix=${copy_args[1]}
copy_dest=${copy_args[2]}
workdir=$(instruction WORKDIR | tail -n 1)
env_line=$(instruction ENV | tr '\n' ' ')
cmd_json=$(instruction CMD | tail -n 1)
mapfile -t cmd < <(python3 -c 'import json, sys; [print(a) for a in json.loads(sys.argv[1])]' "$cmd_json") \
    || fail "CMD is not a JSON array: $cmd_json"
read -r -a env_assignments <<<"$env_line"
for assignment in "${env_assignments[@]}"; do
    [[ "$assignment" == *=* ]] || fail "ENV must use KEY=VALUE form: $env_line"
done
log "runtime stage: FROM $from; packages: ${packages[*]}; ENV ${env_line% }; WORKDIR $workdir; CMD ${cmd[*]}"

mirror=${SRS_DEBIAN_MIRROR:-$(apt_sources | awk -v s="$suite" '$2 == s { print $1; exit }')}
mirror=${mirror:-http://deb.debian.org/debian}
ensure_base_root "$suite" "$mirror"

# A throw-away copy of the cached root: the image being "built".
WORK=$(mktemp -d "${SRS_ROOTFS_WORK:-/var/tmp}/srs-rootfs-run.XXXXXX")
ROOTFS="$WORK/rootfs"
log "copying the base root to $ROOTFS"
cp -a "$CACHE/rootfs" "$ROOTFS"
[ -c "$ROOTFS/dev/null" ] || fail "$ROOTFS/dev/null is missing (debootstrap could not mknod?)"
mount -t proc proc "$ROOTFS/proc"
cp -L /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
write_sources_list "$suite" "$ROOTFS/etc/apt/sources.list" "$mirror"
rm -f "$ROOTFS"/etc/apt/sources.list.d/*.sources

in_root() {
    chroot "$ROOTFS" /usr/bin/env -i PATH="$CHROOT_PATH" HOME=/root "$@"
}

for run in "${runs[@]}"; do
    log "RUN $run"
    in_root /bin/sh -c "$run" >"$WORK/run.log" 2>&1 || { tail -n 20 "$WORK/run.log"; fail "RUN failed in the chroot: $run"; }
done
for package in "${packages[@]}"; do
    # shellcheck disable=SC2016 # ${Status} is dpkg-query's format field, not a shell variable
    in_root dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q 'install ok installed' \
        || fail "package $package is not installed in the chroot"
done

# COPY --from=build PREFIX DEST: the build stage lays out PREFIX with install-layout.sh.
mkdir -p "$WORK/layout"
(cd "$REPO" && DESTDIR="$WORK/layout" sh deploy/docker/install-layout.sh "$BINARY" "$prefix") \
    || fail "install-layout.sh failed"
mkdir -p "$ROOTFS$copy_dest"
cp -a "$WORK/layout$prefix/." "$ROOTFS$copy_dest/"

# Every shared library resolves inside the image.
libs=$(in_root ldd "$copy_dest/objs/srs" 2>&1) || fail "ldd failed in the chroot: $libs"
if grep -q 'not found' <<<"$libs"; then
    echo "$libs"
    fail "missing shared libraries in the runtime root"
fi
log "ldd: $(awk '{ print $1 }' <<<"$libs" | tr '\n' ' ')"

version=$(in_root "$copy_dest/objs/srs" -v 2>&1) || fail "objs/srs -v failed in the chroot: $version"
log "chroot $ROOTFS $copy_dest/objs/srs -v: $version"

# The image's CMD with docker.conf's ports moved to free ones.
config_index=-1
for i in "${!cmd[@]}"; do
    if [[ "${cmd[$i]}" == *.conf ]]; then config_index=$i; fi
done
[ "$config_index" -ge 0 ] || fail "CMD has no .conf argument: ${cmd[*]}"
config=${cmd[$config_index]}
case "$config" in
    /*) config_host="$ROOTFS$config" ;;
    *) config_host="$ROOTFS$workdir/$config" ;;
esac
[ -f "$config_host" ] || fail "CMD's config $config is not in the image"
check_config="$(dirname "$config")/docker-check.conf"
check_config_host="$(dirname "$config_host")/docker-check.conf"
rtmp_port=""
: >"$WORK/ports"
while IFS= read -r line; do
    if [[ "$line" =~ ^([[:space:]]*listen[[:space:]]+)([0-9]+)([[:space:]]*;.*)$ ]]; then
        port=$(free_port)
        echo "${BASH_REMATCH[2]} -> $port" >>"$WORK/ports"
        if [ -z "$rtmp_port" ]; then rtmp_port=$port; fi
        line="${BASH_REMATCH[1]}$port${BASH_REMATCH[3]}"
    fi
    printf '%s\n' "$line"
done <"$config_host" >"$check_config_host"
[ -n "$rtmp_port" ] || fail "no listen port in $config"
log "ports: $(tr '\n' ',' <"$WORK/ports" | sed 's/,$//')"
cmd[config_index]=$check_config

in_root "${env_assignments[@]}" /bin/sh -c "cd '$workdir' && exec ./objs/srs -t -c '$check_config'" \
    >"$WORK/test-config.log" 2>&1 || { cat "$WORK/test-config.log"; fail "srs -t rejected $check_config"; }

log "starting: (cd $workdir && ${cmd[*]}) in the chroot"
# shellcheck disable=SC2016 # the inner shell expands $1 and $@
chroot "$ROOTFS" /usr/bin/env -i PATH="$CHROOT_PATH" HOME=/root "${env_assignments[@]}" \
    /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$workdir" "${cmd[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_port "$rtmp_port" || { server_output; fail "server did not listen on RTMP port $rtmp_port"; }

# The init script inside the image sees the server (ROOT rewritten to the prefix, pid file found).
status=$(in_root "$copy_dest/etc/init.d/srs" status 2>&1) || { echo "$status"; server_output; fail "init script status in the chroot"; }
log "init.d status: $status"

# Publish from the host, play back through the chroot's server.
clip="$MEDIA/avc-aac-360p-10s.flv"
if [ ! -f "$clip" ]; then
    clip="$WORK/clip.flv"
    ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440 \
        -t 6 -c:v libx264 -g 50 -pix_fmt yuv420p -c:a aac -f flv "$clip" || fail "cannot synthesise a clip"
fi
url="rtmp://127.0.0.1:$rtmp_port/live/rootfs-check"
ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$clip" -c copy -f flv "$url" \
    </dev/null >"$WORK/ffmpeg.log" 2>&1 &
FFMPEG_PID=$!
codecs=""
for attempt in 1 2 3 4 5; do
    sleep 1
    # Only audio/video: like SRS, the server also sends |RtmpSampleAccess (a data stream to ffprobe).
    codecs=$(timeout 20 ffprobe -v error -rw_timeout 10000000 -show_entries stream=codec_type,codec_name \
        -of csv=p=0 "$url" 2>"$WORK/ffprobe.log" \
        | awk -F, '$2 == "video" || $2 == "audio" { print $1 }' | sort -u | tr '\n' ' ') || true
    if [[ " $codecs" == *" h264 "* && " $codecs" == *" aac "* ]]; then break; fi
    log "ffprobe attempt $attempt: '${codecs}'"
done
if [[ ! (" $codecs" == *" h264 "* && " $codecs" == *" aac "*) ]]; then
    tail -n 5 "$WORK/ffprobe.log" "$WORK/ffmpeg.log"
    server_output
    fail "played back '$codecs' from $url, expected h264 + aac"
fi
codecs=${codecs% }
log "ffprobe $url: $codecs"

# SIGTERM: fast quit, exit 0.
kill -TERM "$SERVER_PID"
for ((i = 0; i < 100; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$SERVER_PID" 2>/dev/null; then server_output; fail "server still running 10 s after SIGTERM"; fi
code=0
wait "$SERVER_PID" || code=$?
SERVER_PID=""
[ "$code" = 0 ] || { server_output; fail "server exited with $code after SIGTERM"; }
kill -TERM "$FFMPEG_PID" 2>/dev/null || true
wait "$FFMPEG_PID" 2>/dev/null || true
FFMPEG_PID=""
if in_root "$copy_dest/etc/init.d/srs" status >/dev/null 2>&1; then fail "init script status still says running after SIGTERM"; fi

log "PASS: $from-equivalent root (debootstrap $suite + ${packages[*]}): ldd complete, srs $version, RTMP publish/play $codecs, SIGTERM exit 0"
