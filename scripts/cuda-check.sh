#!/usr/bin/env bash
# The CUDA check: on a machine with an NVIDIA GPU, CUDA's compiler and PyTorch (whose
# package contains a CUDA LibTorch with its CMake config) — no Qt, no network needed —
# builds the engine alone against that LibTorch and runs, in one go:
#   1. the engine tests on CUDA;
#   2. CPU-CUDA agreement on the first iterations from identical weights and inputs;
#   3. training throughput on CUDA next to the seed's Python program on the same GPU
#      (same model, batch 64, same data), alternated, with medians and their ratio.
# Usage: scripts/cuda-check.sh [rounds (default 3)] [iterations per run (default 1000)]
# Works against Debian's CPU LibTorch too (then the CUDA parts report that CUDA is missing).
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
iters=${2:-1000}
python=${PYTHON:-python3}
build=${GAN_STUDIO_CUDA_BUILD_DIR:-build-cuda}

prefix=$("$python" -c "import torch; print(torch.utils.cmake_prefix_path)" 2>/dev/null || true)
echo "== PyTorch: $("$python" -c "import torch; print(torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'no GPU')" 2>&1)"
generator=Ninja
command -v ninja >/dev/null || generator="Unix Makefiles"
echo "== configure (engine only) against ${prefix:-the system LibTorch}"
mkdir -p "$build"
cmake -S . -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE=Release -DGAN_STUDIO_ENGINE_ONLY=ON \
      ${prefix:+-DCMAKE_PREFIX_PATH="$prefix"} >"$build/configure.log" 2>&1 \
    || { tail -30 "$build/configure.log"; exit 1; }
# The targets the check runs; a failure in one is reported, the others still build.
targets=(tst_engine tst_cuda_agreement gan-engine-bench tst_theory tst_snapshot)
if ! cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}" >"$build/build.log" 2>&1; then
    echo "build errors:"; grep -E "error" "$build/build.log" | head -30
    cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}" -- -k 0 >>"$build/build.log" 2>&1 || true
fi

status=0
echo "== engine tests on CUDA"
"$build/tests/tst_engine" --device cuda || status=1
echo "== theory tests on CUDA"
"$build/tests/tst_theory" --device cuda | tail -3 || status=1
echo "== generator snapshot tests"
"$build/tests/tst_snapshot" | tail -3 || status=1
echo "== CPU-CUDA agreement"
"$build/tests/tst_cuda_agreement"; rc=$?
[[ $rc -eq 0 || $rc -eq 77 ]] || status=1

# The embedded digits in torchvision's layout, so both programs train on the same data.
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
scripts/bench/torchvision-layout.sh "$data"

echo "== throughput: GAN Studio engine vs the seed's Python program, $rounds rounds of $iters iterations"
ours=(); seed=()
for ((r = 1; r <= rounds; r++)); do
    line=$("$build/core/gan-engine-bench" --data "$data" --device cuda --iters "$iters" --warmup 50 2>&1)
    echo "gan-studio  $line"
    ours+=("$(sed -n 's/.*it_per_s=\([0-9.]*\).*/\1/p' <<<"$line")")
    line=$("$python" scripts/bench/seed_gan.py --data "$data" --device cuda --iters "$iters" --warmup 50 2>&1 | tail -1)
    echo "seed (py)   $line"
    seed+=("$(sed -n 's/.*it_per_s=\([0-9.]*\).*/\1/p' <<<"$line")")
done
"$python" - "${ours[*]}" "${seed[*]}" <<'PY'
import statistics, sys
ours = [float(x) for x in sys.argv[1].split() if x]
seed = [float(x) for x in sys.argv[2].split() if x]
if ours and seed:
    o, s = statistics.median(ours), statistics.median(seed)
    print(f"median it/s: gan-studio {o:.1f}, seed {s:.1f}, ratio {o / s:.2f}x")
else:
    print("no throughput figures (see the lines above)")
PY
exit $status
