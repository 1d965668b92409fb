#!/usr/bin/env bash
# Fresh-machine set-up times for the README's two commands, as a newcomer meets them.
#
# Clones REPO (a path or URL; default: this checkout) into a new folder with no ../shared beside
# it, points every package cache at an empty folder, then times
#   1. `make run` until the app's first screen shows (driven in a private tmux server), and
#   2. `make test` (install + what CI runs), in a second fresh clone.
# Prints one line per figure; benchmarks/RESULTS.md records them. Needs git, make, tmux and the
# network to the package registries. It never touches the checkout it is run from.
set -euo pipefail

repo=${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}
ref=${2:-HEAD}
root=$(mktemp -d /tmp/coinpilot-setup-XXXXXX)
marker="PAPER"  # the status bar, drawn with the app's first frame

fresh_clone() {  # $1: folder name; a clean clone of $ref, caches empty
    git clone -q "$repo" "$root/$1/coinpilot"
    git -C "$root/$1/coinpilot" checkout -q "$ref"
    mkdir -p "$root/$1/cache-uv" "$root/$1/cache-pip" "$root/$1/home"
}

caches() {  # $1: folder name
    echo "UV_CACHE_DIR=$root/$1/cache-uv PIP_CACHE_DIR=$root/$1/cache-pip COINPILOT_HOME=$root/$1/home"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git -C "$repo" rev-parse --short "$ref"); root: $root"

# 1. make run -> first screen
fresh_clone run
sock="coinpilot-setup-$$"
start=$(date +%s.%N)
tmux -L "$sock" new-session -d -s run -x 120 -y 40 -c "$root/run/coinpilot" \
    "env $(caches run) make run; sleep 3600"
until tmux -L "$sock" capture-pane -p -t run | grep -q "$marker"; do
    if (( $(date +%s) - ${start%.*} > 1800 )); then
        echo "make run: no first screen after 30 min; the pane shows:" >&2
        tmux -L "$sock" capture-pane -p -t run >&2
        tmux -L "$sock" kill-server
        exit 1
    fi
    sleep 0.2
done
end=$(date +%s.%N)
tmux -L "$sock" kill-server
printf 'make run, fresh clone to first screen: %.1f s\n' "$(echo "$end - $start" | bc)"

# 2. make test, timed as its two steps: the install (the .venv/.installed-dev stamp) and `make check`
fresh_clone test
start=$(date +%s.%N)
set +e
(cd "$root/test/coinpilot" && env $(caches test) make .venv/.installed-dev > "$root/test/make.log" 2>&1)
installed=$(date +%s.%N)
(cd "$root/test/coinpilot" && env $(caches test) make check >> "$root/test/make.log" 2>&1)
rc=$?
set -e
end=$(date +%s.%N)
printf 'make test, fresh clone: %.1f s (exit %d): install %.1f s, make check %.1f s; log %s\n' \
    "$(echo "$end - $start" | bc)" "$rc" "$(echo "$installed - $start" | bc)" \
    "$(echo "$end - $installed" | bc)" "$root/test/make.log"
grep -E "^[0-9]+ (passed|failed)|(passed|failed).* in [0-9.]+s" "$root/test/make.log" | tail -1
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
