#!/usr/bin/env bash
# Generates the FLV test clips (unit tests, integration tests, `make bench`) with ffmpeg's lavfi
# sources, so the repository needs no media from outside itself. `make media` runs this; the
# integration harness runs it too when a clip is missing.
#
#   scripts/make-test-media.sh [DIR]     DIR defaults to <repo>/objs/media (ignored by git)
#
# Made once and reused: a clip is skipped when it exists and its recipe file (the exact ffmpeg
# arguments that made it) matches, so changing a recipe below regenerates that clip. ffmpeg
# writes to a temp name that is renamed when complete: an interrupted run never leaves half a clip.
#
# The shapes are what the tests and the benchmark rely on (GOPs of exactly 2 s, fixed sample
# rates and channels, H.264 profiles and levels). x264 runs on one thread: its output depends on
# the thread count, and with frame threads it differed between runs here (about one in six), while
# one thread makes the same bytes every time. It costs nothing: testsrc2 is the slow part.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${1:-$REPO/objs/media}

log() { echo "make-test-media: $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v ffmpeg >/dev/null || die "ffmpeg not found (make deps, or apt-get install -y ffmpeg)"
# (Read the whole list first: with pipefail, `grep -q` closing the pipe early would fail ffmpeg.)
encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null) || die "ffmpeg -encoders failed"
[[ "$encoders" == *" libx264 "* ]] || die "this ffmpeg has no libx264 encoder"

# Every video clip: single-threaded x264 at veryfast, 4:2:0 (testsrc2 would give RGB).
X264=(-c:v libx264 -preset veryfast -threads:v 1 -pix_fmt yuv420p)

# One array per clip: the ffmpeg arguments between the common head and the output.
# testsrc2 moves and has a noisy patch, so x264 really spends the bitrate it is given.
# -g N -keyint_min N -sc_threshold 0: a keyframe exactly every N frames (2 s), never in between.
CLIP_720P=(
    -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 20
    "${X264[@]}" -profile:v high -level:v 3.1 -b:v 1500k -maxrate 1500k -bufsize 3000k
    -g 60 -keyint_min 60 -sc_threshold 0
    -c:a aac -b:a 128k -ar 48000 -ac 2
)
CLIP_360P=(
    -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 10
    "${X264[@]}" -profile:v main -level:v 3.0 -b:v 800k -g 50 -keyint_min 50 -sc_threshold 0
    -c:a aac -b:a 96k -ar 44100 -ac 2
)
CLIP_240P=(
    -f lavfi -i testsrc2=size=320x240:rate=15 -t 6
    "${X264[@]}" -profile:v high -level:v 1.2 -crf 23 -g 30 -keyint_min 30 -sc_threshold 0
    -an
)
CLIP_AAC=(
    -f lavfi -i sine=frequency=440:sample_rate=44100 -t 6
    -vn -c:a aac -b:a 64k -ar 44100 -ac 1
)

mkdir -p "$DIR"
TMP_CLIP=""
TMP_RECIPE=""
trap 'rm -f "$TMP_CLIP" "$TMP_RECIPE"' EXIT

# make_clip NAME ARGS...: (re)generates DIR/NAME unless it exists with the same recipe.
make_clip() {
    local name=$1
    shift
    local clip="$DIR/$name" recipe="$DIR/$name.recipe"
    local wanted
    wanted=$(printf '%s\n' "$@")
    if [[ -s "$clip" && -f "$recipe" && "$(cat "$recipe")" == "$wanted" ]]; then
        return 0
    fi
    log "generating $name"
    TMP_CLIP="$DIR/.$name.$$.tmp"
    TMP_RECIPE="$DIR/.$name.recipe.$$.tmp"
    ffmpeg -nostdin -hide_banner -loglevel error -y "$@" -f flv "$TMP_CLIP" || die "ffmpeg failed for $name"
    printf '%s\n' "$wanted" >"$TMP_RECIPE"
    # Clip first, recipe last: a run stopped in between regenerates the clip next time.
    mv -f "$TMP_CLIP" "$clip"
    mv -f "$TMP_RECIPE" "$recipe"
    TMP_CLIP=""
    TMP_RECIPE=""
}

start=$SECONDS
make_clip avc-aac-720p-20s.flv "${CLIP_720P[@]}"
make_clip avc-aac-360p-10s.flv "${CLIP_360P[@]}"
make_clip avc-only-240p-6s.flv "${CLIP_240P[@]}"
make_clip aac-only-6s.flv "${CLIP_AAC[@]}"
(( SECONDS - start < 1 )) || log "done in $((SECONDS - start)) s: $DIR"
