#!/usr/bin/env bash
# Configures (once) and builds GAN Studio in build/ (Release, Ninja). Extra arguments go to
# CMake's configure step, e.g. -DCMAKE_PREFIX_PATH=/path/to/libtorch.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${GAN_STUDIO_BUILD_DIR:-build}
if [[ ! -f "$build/build.ninja" || $# -gt 0 ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$build" --parallel "$jobs"
