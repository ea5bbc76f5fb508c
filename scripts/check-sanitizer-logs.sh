#!/usr/bin/env bash
# Fails when AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer wrote any report into
# the folder `make test-asan` points their log_path at (one file per process that found something).
set -euo pipefail
dir=${1:?usage: check-sanitizer-logs.sh DIR}
shopt -s nullglob
reports=("$dir"/*)
if [ ${#reports[@]} -eq 0 ]; then
    echo "sanitizers: no report from any server process"
    exit 0
fi
for report in "${reports[@]}"; do
    echo "== $report"
    head -40 "$report"
done
echo "sanitizers: ${#reports[@]} report(s) in $dir" >&2
exit 1
