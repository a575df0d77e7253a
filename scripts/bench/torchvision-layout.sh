#!/usr/bin/env bash
# Writes the embedded digits into DIR in torchvision's MNIST layout (DIR/MNIST/raw), so the
# seed's Python program and GAN Studio train on the same data. Usage: torchvision-layout.sh DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1/MNIST/raw"
for f in images-idx3 labels-idx1; do
    gunzip -c "$root/resources/mnist/train-$f-ubyte.gz" >"$1/MNIST/raw/train-$f-ubyte"
    cp "$1/MNIST/raw/train-$f-ubyte" "$1/MNIST/raw/t10k-$f-ubyte" # torchvision wants both
done
