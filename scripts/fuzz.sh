#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/Package.swift) and runs each one for a bounded time; fails when
# any of them crashed, leaked, hung or broke an invariant. `make fuzz` runs this (docs/reliability.md).
#
#   scripts/fuzz.sh [TARGET...]        default: every target, in the order below
#
#   FUZZ_SECONDS=15     seconds per target (0: no limit, e.g. with FUZZ_RUNS)
#   FUZZ_RUNS=N         stop each target after N executions instead (e.g. 10000000 for a long run)
#   FUZZ_ARGS="..."     more libFuzzer flags (e.g. -seed=1, -use_value_profile=1)
#   FUZZ_BUILD=0        run the binaries already built (a long run while sources are being edited)
#
# Each target starts from its committed seeds (Fuzz/corpus/<target>, never written) plus a working
# corpus kept between runs in .build-fuzz/corpus/<target>. Crashing inputs land in
# .build-fuzz/artifacts/, full logs in .build-fuzz/logs/. Replay one with
#   .build-fuzz/release/Fuzz<target> .build-fuzz/artifacts/<target>-crash-...
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRATCH=$REPO/.build-fuzz
SWIFT=${SWIFT:-swift}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-15}
RUNS=${FUZZ_RUNS:-}
ALL_TARGETS=(RTMPChunk Handshake AMF FLV AVC AAC HTTPRequest HTTPResponse TcUrl Config JSON)

# The longest input worth trying per target: a few chunks / tags / requests, one handshake.
# The longest input worth trying per target: a few chunks / tags / requests, one handshake (3073
# bytes and a little more). Small limits keep executions fast; the bugs that need long inputs are
# about lengths, which the mutators write into short inputs just as well.
max_len() {
    case $1 in
        RTMPChunk|FLV|Handshake|HTTPRequest|HTTPResponse|Config) echo 4096 ;;
        AVC|JSON) echo 2048 ;;
        AMF) echo 1024 ;;
        TcUrl) echo 512 ;;
        AAC) echo 64 ;;
        *) echo 4096 ;;
    esac
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
for target in "${targets[@]}"; do
    [ -d "$REPO/Fuzz/Sources/$target" ] || { echo "fuzz: unknown target $target (${ALL_TARGETS[*]})" >&2; exit 2; }
done

build() {
    echo "fuzz: building ${#targets[@]} targets (-sanitize=fuzzer,address) in .build-fuzz"
    # ld.gold warns once per ASan helper symbol ("Cannot export local symbol"); nothing is wrong.
    if ! "$SWIFT" build --package-path "$REPO/Fuzz" -c release --scratch-path "$SCRATCH" \
            -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
            > "$SCRATCH.build.log" 2>&1; then
        grep -v "Cannot export local symbol" "$SCRATCH.build.log" | tail -40 >&2
        echo "fuzz: build failed (full log: $SCRATCH.build.log)" >&2
        exit 1
    fi
}
[ "${FUZZ_BUILD:-1}" = 0 ] || build
mkdir -p "$SCRATCH/corpus" "$SCRATCH/artifacts" "$SCRATCH/logs"

limit="-max_total_time=$SECONDS_PER_TARGET"
[ -n "$RUNS" ] && limit="$limit -runs=$RUNS"
printf '%-13s %12s %8s %6s %7s %11s %7s  %s\n' target execs exec/s cov ft corpus seconds result
failed=()
for target in "${targets[@]}"; do
    work=$SCRATCH/corpus/$target
    log=$SCRATCH/logs/$target.log
    mkdir -p "$work"
    started=$(date +%s)
    set +e
    # shellcheck disable=SC2086  # word splitting of the flag lists is intended
    "$SCRATCH/release/Fuzz$target" $limit -timeout=5 -max_len="$(max_len "$target")" -print_final_stats=1 \
        -artifact_prefix="$SCRATCH/artifacts/$target-" ${FUZZ_ARGS:-} "$work" "$REPO/Fuzz/corpus/$target" \
        > "$log" 2>&1
    status=$?
    set -e
    elapsed=$(( $(date +%s) - started ))
    # libFuzzer's status lines: "#N  DONE  cov: C ft: F corp: U/Sb ... exec/s: E", then stat:: lines.
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
    if [ $status -eq 0 ]; then
        result=ok
    else
        result=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z -]+|Fatal error: .*|fuzz invariant: .*' "$log" \
            || echo "exit $status")
        failed+=("$target")
    fi
    printf '%-13s %12s %8s %6s %7s %11s %7s  %s\n' "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
        "${corp:-?}" "$elapsed" "$result"
    if [ $status -ne 0 ]; then
        grep -E 'Test unit written to|^SUMMARY' "$log" | sed 's/^/    /' || true
        echo "    log: $log"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} targets ok"
