#!/usr/bin/env bash
# Performance figures, each printed with what it measures. Medians of alternated runs, so
# a noisy shared machine affects both sides of every ratio alike.
#   scripts/bench.sh            throughput vs the seed's Python program, GUI cost, stalls, start-up
#                               and the engine alone with its CPU passes against autograd
#                               and both programs on a busy machine (another program keeps a core busy)
#   scripts/bench.sh --long     also memory after 1,000 and 20,000 iterations with the window open
#   scripts/bench.sh --window   only the window against headless (GUI cost, stalls, start-up), for
#                               longer rounds than the whole set can afford: ITERS=3000 averages over
#                               25 s, where the machine's slow phases sway 8-second rounds by 10%
#   scripts/bench.sh --noise    headless against itself in the window's places in each round: how
#                               far the same ratio strays here when both sides do the same work
#   scripts/bench.sh --against OTHER
#                               this build against another build's gan-studio (e.g. one built in
#                               `git worktree add ../old REV`), headless and with the window (no
#                               --report), ITERS iterations each, alternated: a change's own cost
#                               (WINDOWS_ONLY=1: the windows alone, half the time)
# Environment: ROUNDS (default 5), ITERS (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
long=0
windowOnly=0
noiseOnly=0
other=""
case "${1:-}" in
"") ;;
--long) long=1 ;;
--window) windowOnly=1 ;;
--noise) noiseOnly=1 ;;
--against)
    other=${2:-}
    if [[ ! -x "$other" ]]; then
        echo "bench.sh: --against needs another build's gan-studio, e.g. ../old/build/app/gan-studio" >&2
        exit 2
    fi
    other=$(realpath "$other")
    ;;
*)
    echo "usage: scripts/bench.sh [--long | --window | --noise | --against OTHER]" >&2
    exit 2
    ;;
esac
rounds=${ROUNDS:-5}
iters=${ITERS:-600}

scripts/deps.sh python3-torch python3-torchvision xvfb xauth >/dev/null
scripts/build.sh >/dev/null
app=build/app/gan-studio

# The embedded digits in torchvision's layout, so both programs train on the same data.
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
scripts/bench/torchvision-layout.sh "$data"

# The OpenBLAS kernels the app runs, and those OpenBLAS picks by itself where the app chose
# others (core/engine/blas_kernels.h): the seed, started as a user starts it, runs the latter.
kernelLine=$(build/core/gan-engine-bench --data "$data/MNIST/raw" --iters 1 --warmup 0 --device cpu)
kernels=$(sed -n 's/.* blas_kernels=\([^ ]*\).*/\1/p' <<<"$kernelLine")
replaced=$(sed -n 's/.* blas_kernels_replaced=\([^ ]*\).*/\1/p' <<<"$kernelLine")
echo "OpenBLAS kernels: the app $kernels$([[ $replaced != - ]] && echo ", chosen in place of $replaced, which the seed runs" || true)"

rate() { sed -n 's/.*(\([0-9.]*\) it\/s).*/\1/p; s/.*it_per_s=\([0-9.]*\).*/\1/p' | head -1; }
steps() { sed -n 's/.*training steps \([0-9.]*\) s.*/\1/p' | head -1; }       # seconds in the steps themselves
between() { sed -n 's/.*training steps [0-9.]* s (\([0-9.]*\)%).*/\1/p' | awk '{printf "%.1f", 100 - $1}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
largest() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }
spread() { tr ' ' '\n' | grep -v '^$' | sort -g | sed -n '1p;$p' | paste -sd '-'; } # smallest-largest
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
headless() { "${bin:-$app}" --headless --data "$data" --iterations "$1" --log-interval 0 --sample-interval 0 --device cpu; }
seed() { /usr/bin/python3 scripts/bench/seed_gan.py --data "$data" --iters "$1" --warmup 20; }
window() { xvfb-run -a -s "-screen 0 1280x800x24" "${bin:-$app}" --data "$data" --device cpu --autostart --iterations "$1" --quit-when-done ${report---report}; }

if [[ -n "$other" ]]; then
    echo "== this build against $other, CPU, batch 64: $rounds alternated rounds of $iters iterations"
    report="" # the windows as a user starts them
    hRatios=""; wRatios=""
    windowsOnly=${WINDOWS_ONLY:-0}
    for ((r = 1; r <= rounds; r++)); do
        # Odd rounds: headless other, this; window this, other. Even rounds the reverse.
        if ((r % 2)); then
            ((windowsOnly)) || { ho=$(bin=$other headless "$iters" | rate); hn=$(headless "$iters" | rate); }
            wn=$(window "$iters" | rate); wo=$(bin=$other window "$iters" | rate)
        else
            ((windowsOnly)) || { hn=$(headless "$iters" | rate); ho=$(bin=$other headless "$iters" | rate); }
            wo=$(bin=$other window "$iters" | rate); wn=$(window "$iters" | rate)
        fi
        if ((windowsOnly)); then
            echo "round $r: window this $wn it/s, other $wo it/s"
        else
            echo "round $r: headless this $hn it/s, other $ho it/s | window this $wn it/s, other $wo it/s"
            hRatios+=" $(ratio "$hn" "$ho")"
        fi
        wRatios+=" $(ratio "$wn" "$wo")"
    done
    echo
    echo "| this / other, the rounds' own ratios | median | rounds |"
    echo "|---|---|---|"
    ((windowsOnly)) || echo "| headless | $(median <<<"$hRatios") | $(spread <<<"$hRatios") |"
    echo "| window | $(median <<<"$wRatios") | $(spread <<<"$wRatios") |"
    exit 0
fi

if ((noiseOnly)); then
    echo "== headless against headless, CPU, batch 64: $rounds alternated rounds of $iters iterations"
    firsts=""; seconds=""; ratios=""
    for ((r = 1; r <= rounds; r++)); do
        # "a" runs where the window's headless run does, "b" where the window does.
        if ((r % 2)); then
            a=$(headless "$iters" | rate); b=$(headless "$iters" | rate)
        else
            b=$(headless "$iters" | rate); a=$(headless "$iters" | rate)
        fi
        echo "round $r: a $a it/s, b $b it/s, ratio $(ratio "$b" "$a")"
        firsts+=" $a"; seconds+=" $b"; ratios+=" $(ratio "$b" "$a")"
    done
    echo
    echo "| figure | median | rounds |"
    echo "|---|---|---|"
    echo "| b / a, the same program (1.00 when the machine is steady) | $(ratio "$(median <<<"$seconds")" "$(median <<<"$firsts")") (median of the rounds' own ratios: $(median <<<"$ratios")) | $(spread <<<"$ratios") |"
    exit 0
fi
if ((windowOnly)); then
    echo "== the window against headless, CPU, batch 64: $rounds alternated rounds of $iters iterations"
else
    echo "== training throughput, CPU, batch 64: $rounds alternated rounds of $iters iterations"
fi
ours=""; seed=""; gui=""; stalls=""; events=""; eventNames=""; eventCpus=""; longs=""; p99s=""; starts=""; seedRatios=""; guiRatios=""; stepRatios=""; betweens=""
for ((r = 1; r <= rounds; r++)); do
    # Odd rounds run headless, window, seed; even rounds the reverse. The window runs next
    # to the headless run, so both see the machine alike, and a machine that drifts within a
    # round favours neither side of a ratio over the rounds.
    s=""
    if ((r % 2)); then
        hl=$(headless "$iters")
        w=$(window "$iters")
        ((windowOnly)) || s=$(seed "$iters" | rate)
    else
        ((windowOnly)) || s=$(seed "$iters" | rate)
        w=$(window "$iters")
        hl=$(headless "$iters")
    fi
    h=$(rate <<<"$hl"); g=$(rate <<<"$w")
    # The window's loss in two parts: its work between the steps, on the training thread, and
    # its steps' own time against the headless steps' (its other threads on the same cores).
    stepRatios+=" $(ratio "$(steps <<<"$w")" "$(steps <<<"$hl")")"; betweens+=" $(between <<<"$w")"
    if ((windowOnly)); then
        echo "round $r: headless $h it/s, window $g it/s, ratio $(ratio "$g" "$h"), steps $(steps <<<"$w") s against $(steps <<<"$hl") s, between steps $(between <<<"$w")% | $(grep '^report:' <<<"$w")"
    else
        echo "round $r: headless $h it/s, seed (Python) $s it/s, window $g it/s | $(grep '^report:' <<<"$w")"
        seed+=" $s"; seedRatios+=" $(ratio "$h" "$s")"
    fi
    ours+=" $h"; gui+=" $g"; guiRatios+=" $(ratio "$g" "$h")"
    stalls+=" $(sed -n 's/.*longest_stall_ms=\([0-9.]*\).*/\1/p' <<<"$w")"
    events+=" $(sed -n 's/.*longest_event_ms=\([0-9.]*\).*/\1/p' <<<"$w")"
    eventNames+=" $(sed -n 's/.*longest_event=\([^ ]*\).*/\1/p' <<<"$w")"
    eventCpus+=" $(sed -n 's/.*longest_event_cpu_ms=\([0-9.]*\).*/\1/p' <<<"$w")"
    p99s+=" $(sed -n 's/.*p99_stall_ms<=\([0-9.]*\).*/\1/p' <<<"$w")"
    longs+=" $(sed -n 's/.*long_events_per_min=\([0-9.]*\).*/\1/p' <<<"$w")"
    starts+=" $(sed -n 's/.*startup_real_digits_ms=\([0-9.]*\).*/\1/p' <<<"$w")"
done
mo=$(median <<<"$ours"); mg=$(median <<<"$gui"); ms=""
((windowOnly)) || ms=$(median <<<"$seed")
echo
echo "| figure | median | target |"
echo "|---|---|---|"
echo "| headless it/s | $mo | |"
if ((!windowOnly)); then
    echo "| seed's Python program it/s | $ms | |"
    echo "| headless / seed | $(ratio "$mo" "$ms")x (median of the rounds' own ratios: $(median <<<"$seedRatios")x) | >= 2.5x |"
fi
echo "| window it/s (plots and grids live) | $mg | |"
echo "| window / headless | $(ratio "$mg" "$mo") (median of the rounds' own ratios: $(median <<<"$guiRatios"); rounds $(spread <<<"$guiRatios")) | >= 0.95 |"
echo "| window: its time between steps (grids, meter, restore points, hand-overs), % | $(median <<<"$betweens") | |"
echo "| window: its steps' time / the headless steps' time | $(median <<<"$stepRatios") | |"
echo "| longest GUI event-loop stall while training (ms) | $(median <<<"$stalls") (largest round: $(largest <<<"$stalls")) | <= 16 |"
echo "| longest single GUI event while training (ms) | $(median <<<"$events") (largest round: $(largest <<<"$events")); the GUI thread's CPU time within it: median $(median <<<"$eventCpus") ms; most often: $(tr ' ' '\n' <<<"$eventNames" | grep -v '^$' | sort | uniq -c | sort -rn | head -1 | awk '{print $2 " (" $1 " of the rounds)"}') | |"
echo "| GUI events above 4 ms while training, per minute | $(median <<<"$longs") (largest round: $(largest <<<"$longs")) | |"
echo "| 99th percentile stall (ms, upper bound) | $(median <<<"$p99s") | |"
echo "| launch to real digits on screen (ms) | $(median <<<"$starts") | < 1000 |"
((windowOnly)) && exit 0

if [[ $replaced != - ]]; then
    echo
    echo "== the seed given the app's OpenBLAS kernels by hand (OPENBLAS_CORETYPE=$kernels), $rounds alternated rounds"
    # Not how a user starts it; it shows how much of the ratio above is the kernels' choice.
    handOurs=""; handSeed=""; handRatios=""
    for ((r = 1; r <= rounds; r++)); do
        if ((r % 2)); then
            h=$(headless "$iters" | rate)
            s=$(OPENBLAS_CORETYPE=$kernels seed "$iters" | rate)
        else
            s=$(OPENBLAS_CORETYPE=$kernels seed "$iters" | rate)
            h=$(headless "$iters" | rate)
        fi
        echo "round $r: headless $h it/s, seed (Python, $kernels kernels) $s it/s"
        handOurs+=" $h"; handSeed+=" $s"; handRatios+=" $(ratio "$h" "$s")"
    done
    mho=$(median <<<"$handOurs"); mhs=$(median <<<"$handSeed")
    echo "| headless it/s | $mho | |"
    echo "| seed's Python program it/s, $kernels kernels by hand | $mhs | |"
    echo "| headless / seed, same kernels | $(ratio "$mho" "$mhs")x (median of the rounds' own ratios: $(median <<<"$handRatios")x) | |"
fi

echo
echo "== the engine alone: hand-written CPU passes against LibTorch's autograd, $rounds alternated rounds"
passes=""; autograd=""
for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then # each side first in every other round, as above
        p=$(build/core/gan-engine-bench --data "$data/MNIST/raw" --iters "$iters" --device cpu | rate)
        a=$(build/core/gan-engine-bench --data "$data/MNIST/raw" --iters "$iters" --device cpu --autograd | rate)
    else
        a=$(build/core/gan-engine-bench --data "$data/MNIST/raw" --iters "$iters" --device cpu --autograd | rate)
        p=$(build/core/gan-engine-bench --data "$data/MNIST/raw" --iters "$iters" --device cpu | rate)
    fi
    echo "round $r: passes $p it/s, autograd $a it/s"
    passes+=" $p"; autograd+=" $a"
done
mp=$(median <<<"$passes"); ma=$(median <<<"$autograd")
echo "| hand-written passes it/s | $mp | |"
echo "| LibTorch autograd it/s | $ma | |"
echo "| passes / autograd | $(ratio "$mp" "$ma")x | |"

echo
echo "== a busy machine: another program keeps one core busy, $rounds alternated rounds"
( while :; do :; done ) &
spinner=$!
trap 'kill "$spinner" 2>/dev/null || true; rm -rf "$data"' EXIT
busyOurs=""; busySeed=""; busyRatios=""
for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then
        h=$(headless "$iters" | rate)
        s=$(seed "$iters" | rate)
    else
        s=$(seed "$iters" | rate)
        h=$(headless "$iters" | rate)
    fi
    echo "round $r: headless $h it/s, seed (Python) $s it/s"
    busyOurs+=" $h"; busySeed+=" $s"; busyRatios+=" $(ratio "$h" "$s")"
done
kill "$spinner" 2>/dev/null || true
mbo=$(median <<<"$busyOurs"); mbs=$(median <<<"$busySeed")
echo "| headless it/s, busy | $mbo | |"
echo "| seed's Python program it/s, busy | $mbs | |"
echo "| headless / seed, busy | $(ratio "$mbo" "$mbs")x (median of the rounds' own ratios: $(median <<<"$busyRatios")x) | |"

if [[ $long -eq 1 ]]; then
    echo
    echo "== memory with the window open"
    w1=$(window 1000); w2=$(window 20000)
    echo "1,000 iterations: $(grep -E '^done:|^report:' <<<"$w1" | tr '\n' ' ')"
    echo "20,000 iterations: $(grep -E '^done:|^report:' <<<"$w2" | tr '\n' ' ')"
    short=$(sed -n 's/.*rss_mb=\([0-9.]*\).*/\1/p' <<<"$w1")
    longrun=$(sed -n 's/.*rss_mb=\([0-9.]*\).*/\1/p' <<<"$w2")
    echo "| resident memory after 1,000 iterations (MB) | $short | |"
    echo "| resident memory after 20,000 iterations (MB) | $longrun | within 10% |"
    echo "| growth | $(awk -v a="$short" -v b="$longrun" 'BEGIN {printf "%.1f%%", (b - a) / a * 100}') | <= 10% |"
    # The figures above are taken at the end; these are the largest sampled once a second
    # while training ran (a reading of the meter, every 1,000 iterations, peaks briefly).
    peak1=$(sed -n 's/.*rss_peak_mb=\([0-9.]*\).*/\1/p' <<<"$w1")
    peak2=$(sed -n 's/.*rss_peak_mb=\([0-9.]*\).*/\1/p' <<<"$w2")
    echo "| largest resident memory while training, 1,000 iterations (MB) | $peak1 | |"
    echo "| largest resident memory while training, 20,000 iterations (MB) | $peak2 | |"
    echo "| growth of the largest | $(awk -v a="$peak1" -v b="$peak2" 'BEGIN {printf "%.1f%%", (b - a) / a * 100}') | |"
fi
