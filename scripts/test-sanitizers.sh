#!/usr/bin/env bash
# Builds GAN Studio with sanitizers in separate build folders and runs the tests there.
#   scripts/test-sanitizers.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer, whole suite (build-asan/)
#   scripts/test-sanitizers.sh tsan   ThreadSanitizer, the training thread's tests (build-tsan/)
#   scripts/test-sanitizers.sh all    both
# Only this project's code is instrumented: Debian's LibTorch, Qt and OpenBLAS are not, so
# errors inside them are not seen (and their allocations are checked only where ours touch
# them). Suppressions, each with its reason, are in scripts/sanitizers/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-asan}
jobs=${GAN_STUDIO_JOBS:-$(nproc 2>/dev/null || echo 2)}
supp="$PWD/scripts/sanitizers"
scripts/deps.sh xvfb xauth

configure_and_build() { # dir flags [target ...]
    local dir=$1 flags=$2
    shift 2
    if [[ ! -f "$dir/build.ninja" ]]; then
        cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_FLAGS="$flags -fno-omit-frame-pointer" \
            -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags"
    fi
    local start=$SECONDS
    cmake --build "$dir" --parallel "$jobs" ${1:+--target "$@"}
    echo "build of $dir: $((SECONDS - start)) s"
}

run_asan() {
    local dir=${GAN_STUDIO_ASAN_BUILD_DIR:-build-asan}
    configure_and_build "$dir" "-fsanitize=address,undefined"
    # Leaks are checked, minus what LibTorch, Qt and the system libraries keep for the
    # process's lifetime (lsan.supp says which and why).
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0:check_initialization_order=1:strict_init_order=0"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
    local start=$SECONDS status=0
    ctest --test-dir "$dir" --output-on-failure --timeout 1800 || status=1
    echo "ASan+UBSan test run: $((SECONDS - start)) s"
    return $status
}

run_tsan() {
    local dir=${GAN_STUDIO_TSAN_BUILD_DIR:-build-tsan}
    # The training thread's and the latent decoder's tests, and the team of threads that
    # shares the CPU passes' work (tst_thread_team). The first two threads wait on
    # std::condition_variable, which ThreadSanitizer sees; a QWaitCondition would unlock and
    # relock its mutex inside the uninstrumented Qt library and read as a false "double lock".
    local tests=(tst_training_session tst_session_stress tst_divergence tst_latent_explorer tst_thread_team)
    configure_and_build "$dir" "-fsanitize=thread" "${tests[@]}"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
    # One OpenMP thread: LibTorch's OpenMP runtime is not instrumented, and with a single
    # thread its parallel regions run inline on the calling thread, visible to TSan.
    export OMP_NUM_THREADS=1
    # Run directly rather than through CTest, to leave out the two assertions about timing
    # (metrics coalesced into batches, a close within one second), which cannot hold 5 to 15
    # times slower; they run in the plain and the ASan suites.
    export QT_QPA_PLATFORM=offscreen
    local start=$SECONDS status=0
    "$dir/tests/tst_training_session" pausesAndSteps appliesALearningRateAtTheNextIteration \
        refusesBadSettingsAndDataWithoutLosingState savesAndLoadsCheckpoints stopsAtTheIterationLimit || status=1
    "$dir/tests/tst_divergence" || status=1
    "$dir/tests/tst_latent_explorer" || status=1
    "$dir/tests/tst_thread_team" || status=1
    GAN_STRESS_CLOSE_MS=20000 GAN_STRESS_OPS=1500 GAN_STRESS_SLOWDOWN=8 "$dir/tests/tst_session_stress" || status=1
    echo "TSan test run: $((SECONDS - start)) s"
    return $status
}

case "$mode" in
asan) run_asan ;;
tsan) run_tsan ;;
all) status=0; run_asan || status=1; run_tsan || status=1; exit $status ;;
*) echo "usage: $0 [asan|tsan|all]" >&2; exit 2 ;;
esac
