#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a passing test suite: installs what is
# missing, builds, runs every test with CTest (widgets on Qt's offscreen platform, and one
# real window under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh xvfb xauth
scripts/build.sh
cd "${GAN_STUDIO_BUILD_DIR:-build}"
ctest --output-on-failure --timeout 600
