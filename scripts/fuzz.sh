#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, AddressSanitizer + UndefinedBehaviorSanitizer) in
# build-fuzz/ and runs each for a fixed time on a copy of the seed corpus in tests/fuzz/corpus.
# Usage: scripts/fuzz.sh [seconds per harness, default 60] [harness ...]
#   harnesses: fuzz_idx fuzz_checkpoint fuzz_checkpoint_fields (default: all three)
# Findings (crash-*, leak-*, timeout-*, oom-*) are left in build-fuzz/findings/<harness>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
harnesses=("$@")
[[ ${#harnesses[@]} -gt 0 ]] || harnesses=(fuzz_idx fuzz_checkpoint fuzz_checkpoint_fields)

scripts/deps.sh clang libclang-rt-14-dev
build=${GAN_STUDIO_FUZZ_BUILD_DIR:-build-fuzz}
if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DGAN_STUDIO_FUZZ=ON \
        -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
fi
cmake --build "$build" --parallel "${GAN_STUDIO_JOBS:-2}" --target "${harnesses[@]}"

# LibTorch keeps global caches for the process's lifetime (types, operators, thread pools):
# LeakSanitizer reports them at exit, though nothing grows per input; leaks off.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_NUM_THREADS=1
status=0
for h in "${harnesses[@]}"; do
    corpus_name=${h#fuzz_}
    work="$build/corpus/$corpus_name"
    findings="$build/findings/$h"
    mkdir -p "$work" "$findings"
    cp -n tests/fuzz/corpus/"$corpus_name"/* "$work"/ 2>/dev/null || true
    echo "== $h for $seconds s"
    if ! "$build/tests/fuzz/$h" "$work" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" 2>"$build/$h.log"; then
        status=1
    fi
    grep -E "^(stat::|#[0-9]+ *DONE)|ERROR|SUMMARY" "$build/$h.log" || true
done
exit $status
