#!/usr/bin/env bash
# Side-by-side download benchmark on loopback: p2pshare vs libtorrent and aria2.
#
#   bench/swarm.sh [--sizes 1G 256M] [--reps 3] [--out bench/out] [--systems ours libtorrent aria2] [--require-ours]
#   bench/swarm.sh --smoke        # CI: 16 MiB, one repetition; fails unless every file verified
#
# Writes <out>/results.md (tables, command, machine), <out>/rates-3-seeders.png and per-process
# logs in <out>/logs. See bench/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
py=/usr/bin/python3 # Debian's python has python3-libtorrent; the pyenv python3 on PATH does not

"$py" -c 'import libtorrent' 2>/dev/null || { echo "bench: python3-libtorrent missing (apt-get install python3-libtorrent)" >&2; exit 2; }
command -v aria2c >/dev/null || { echo "bench: aria2c missing (apt-get install aria2)" >&2; exit 2; }

# The harness stops every process it started (each in its own process group) on exit or
# SIGTERM; this trap forwards INT/TERM to it and waits (bounded) for that cleanup.
"$py" "$here/swarm.py" --repo "$repo" --command "bench/swarm.sh $*" "$@" &
harness=$!
trap 'kill -TERM "$harness" 2>/dev/null || true; timeout 30 tail --pid="$harness" -f /dev/null || kill -KILL "$harness" 2>/dev/null || true' INT TERM
wait "$harness"
