#!/usr/bin/env bash
# Soak test: trains 20,000 iterations (the seed's batch of 64) headless and with the window
# open (under Xvfb), and prints resident memory and speed every 1,000 iterations, then
# memory at 1,000 vs the end and speed early vs late. Meant to show no growth of memory
# beyond 10% and no slowdown over time.
# Usage: scripts/soak.sh [headless|window|both] [iterations, default 20000]
# GAN_STUDIO_BIN picks the binary (default build/app/gan-studio). Exits 1 when memory grew
# by more than 10% or the last thousands ran more than 10% slower than the early ones.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GAN_STUDIO_BIN:-build/app/gan-studio}
mode=${1:-both}
total=${2:-20000}
every=1000
[[ -x "$bin" ]] || { echo "no $bin: build first (scripts/build.sh)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
status=0

# soak LABEL COMMAND...: runs COMMAND, which prints one progress line (starting with "[")
# every $every iterations, and samples the process's memory as each line appears.
soak() {
    local label=$1
    shift
    local log="$work/$label.log" table="$work/$label.tsv"
    "$@" >"$log" 2>&1 &
    local pid=$! seen=0 start
    start=$(date +%s.%N)
    : >"$table"
    while kill -0 "$pid" 2>/dev/null; do
        local lines
        lines=$(grep -c '^\[' "$log" 2>/dev/null || true)
        while ((seen < lines)); do
            seen=$((seen + 1))
            local rss
            rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
            echo -e "$((seen * every))\t$(date +%s.%N)\t$rss" >>"$table"
        done
        sleep 0.2
    done
    wait "$pid" || { echo "$label: the run failed:"; tail -5 "$log"; status=1; return; }
    grep '^done:' "$log" || true
    awk -v label="$label" -v start="$start" -v every="$every" '
        BEGIN { FS = "\t"; printf "%s: %9s %9s %9s %9s\n", label, "iteration", "seconds", "it/s", "RSS MiB" }
        { it[NR] = $1; t[NR] = $2; rss[NR] = $3 / 1024
          speed[NR] = NR > 1 ? every / ($2 - t[NR - 1]) : 0
          if (rss[NR] > 0) last = NR # the process may have quit before its last line was seen
          printf "%s  %9d %9.1f %9.1f %9.1f\n", label, $1, $2 - start, speed[NR], rss[NR] }
        END {
          n = NR
          if (n < 6) { print label ": too few points"; exit 1 }
          early = (speed[2] + speed[3] + speed[4]) / 3; late = (speed[n - 2] + speed[n - 1] + speed[n]) / 3
          growth = 100 * (rss[last] - rss[1]) / rss[1]
          printf "%s: RSS %.1f MiB at %d, %.1f MiB at %d (%+.1f%%); speed %.1f it/s over iterations %d-%d, %.1f it/s over %d-%d (%+.1f%%)\n", \
                 label, rss[1], it[1], rss[last], it[last], growth, early, it[1], it[4], late, it[n - 3], it[n], 100 * (late - early) / early
          exit (growth > 10 || late < 0.9 * early) ? 1 : 0
        }' "$table" || status=1
}

if [[ $mode == headless || $mode == both ]]; then
    soak headless stdbuf -oL "$bin" --headless --iterations "$total" --log-interval "$every" --out "$work/out" --device cpu
fi
if [[ $mode == window || $mode == both ]]; then
    display=$((90 + RANDOM % 100))
    Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
    sleep 2
    # Autosave stays on (every 5 minutes, its default), into this run's own data folder.
    DISPLAY=":$display" XDG_DATA_HOME="$work/data" soak window "$bin" --autostart --iterations "$total" \
        --quit-when-done --log-interval "$every" --device cpu
fi
exit $status
