#!/usr/bin/env bash
# The engine-only build (-DGAN_STUDIO_ENGINE_ONLY=ON), as scripts/cuda-check.sh makes it on a
# GPU machine, here against Debian's LibTorch and with BLAS hidden from CMake: the engine then
# trains with LibTorch's autograd on every device, as it does on CUDA. Builds it in its own
# folder and runs the engine's tests there on the CPU. CI runs it, because the GPU check
# itself can only run where a GPU is lent, and that build had broken unseen before.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${GAN_STUDIO_ENGINE_ONLY_BUILD_DIR:-build-engine-only}
jobs=${GAN_STUDIO_JOBS:-$(nproc 2>/dev/null || echo 2)}
scripts/deps.sh
if [[ ! -f "$dir/build.ninja" ]]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGAN_STUDIO_ENGINE_ONLY=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_BLAS=ON
fi
start=$SECONDS
cmake --build "$dir" --parallel "$jobs"
echo "engine-only build: $((SECONDS - start)) s"
ctest --test-dir "$dir" --output-on-failure --timeout 600
