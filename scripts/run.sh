#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the running app: installs what is
# missing, builds Release, launches GAN Studio on its embedded digits.
# Arguments go to the app, e.g. scripts/run.sh --autostart
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
# Not exec'd: the app's --report times start-up from its own process's start, which exec
# would move back to this script's, before the package check and the build.
build/app/gan-studio "$@"
