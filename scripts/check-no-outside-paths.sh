#!/usr/bin/env bash
# Fails if a tracked file refers to a path outside the repository: a fresh clone has nothing beside
# it (no sibling folder of clips) and no one's home or workspace, so the build, the tests, the benchmark and
# the examples must use only what the repository has or makes (objs/media: `make media`).
# `make test` runs this first. Only path-like text matches: `Logger.shared`, `SharedBytes` or a
# traversal string such as "/../etc/passwd" in a path-check test do not.
#
#   scripts/check-no-outside-paths.sh     exit 0 when clean, 1 with file:line:text of each hit
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF=scripts/check-no-outside-paths.sh

# Extended regexes, one per kind of escape.
PATTERNS=(
    # the sibling folder the clips used to come from
    'shared/media'
    '\.\./shared([/"'"'"'[:space:]]|$)'
    # absolute paths into workspaces and home directories
    '(^|[^[:alnum:]_.~-])/(work|home|root|Users)/'
    # home-relative paths
    '(^|[[:space:]"'"'"'=(])~/'
    # the repository root's parent, spelled as the scripts and tests spell the root
    '\$\{?(REPO|ROOT|HERE)\}?/\.\.(/|[[:space:]"'"'"']|$)'
    # (a bare name: `rec.root.parent`, an attribute of something else, is fine)
    '(^|[^.[:alnum:]_])(REPO|ROOT|repo|root)\.parent\b'
)
args=()
for pattern in "${PATTERNS[@]}"; do args+=(-e "$pattern"); done

cd "$REPO"
set +e
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked files as they are in the work tree; -I skips binary files.
    hits=$(git grep -n -I -E "${args[@]}" -- . ":(exclude)$SELF")
else
    # Not a git checkout (an exported tree): every file but build products.
    hits=$(grep -r -n -I -E "${args[@]}" --exclude-dir=.build --exclude-dir=objs --exclude-dir=.git \
        --exclude-dir=out --exclude="$(basename "$SELF")" .)
fi
status=$?
set -e
case $status in
    0) echo "check-no-outside-paths: tracked files refer to paths outside the repository:" >&2
       echo "$hits" >&2
       exit 1 ;;
    1) echo "check-no-outside-paths: ok" ;;
    *) echo "check-no-outside-paths: search failed (status $status)" >&2
       exit 2 ;;
esac
