#!/usr/bin/env bash
# Installs the Debian 12 packages GAN Studio needs, only those missing.
# Usage: scripts/deps.sh [extra-package ...]. Uses sudo only when not root.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-qpa-plugins
    libtorch-dev
    libqcustomplot-dev libqcustomplot2.1-qt6
    libopenblas0-pthread   # without it LibTorch uses the reference BLAS, about 10x slower
    libblas-dev            # the CPU passes link BLAS (OpenBLAS through the alternative above)
    zlib1g-dev
    libgif-dev             # giflib: the timeline's animated GIF export
    "$@"
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
