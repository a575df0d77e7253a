#!/usr/bin/env bash
# Tries the README's test command as a new user would, on a brand-new Debian 12: a minimal
# bookworm made with debootstrap in a folder, with only git and ca-certificates added, then a
# clone of this repository's HEAD inside it running scripts/test.sh (which installs what is
# missing with apt-get and builds). Needs root and the Debian mirror; takes 10-15 minutes.
#   scripts/fresh-debian-check.sh [folder]   (default: a new temporary folder, removed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "error: needs root (debootstrap and chroot)" >&2; exit 2; }
made=0
if [[ -n "${1:-}" ]]; then root=$1; mkdir -p "$root"; else root=$(mktemp -d /tmp/fresh-debian.XXXXXX); made=1; fi
chmod 755 "$root" # it becomes the new system's /: apt's own user must enter it
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap

mounted=()
cleanup() {
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
    # Removed only if this script made it, and only when nothing is mounted below it any more.
    if [[ $made -eq 1 ]] && ! grep -q " $root/" /proc/mounts; then
        rm -rf --one-file-system "$root"
    fi
}
trap cleanup EXIT

start=$SECONDS
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://security.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
for m in proc sys dev dev/pts; do
    mount --bind "/$m" "$root/$m"
    mounted+=("$root/$m")
done
mount -t tmpfs tmpfs "$root/dev/shm"
mounted+=("$root/dev/shm")
chroot "$root" /bin/bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git ca-certificates' >/dev/null
git clone -q "$PWD" "$root/root/gan-studio"
echo "fresh Debian 12 ready in $((SECONDS - start)) s; running scripts/test.sh in it"
chroot "$root" /bin/bash -lc 'cd /root/gan-studio && scripts/test.sh'
echo "scripts/test.sh passed on a fresh Debian 12 in $((SECONDS - start)) s in all"
