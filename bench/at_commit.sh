#!/usr/bin/env bash
# The same bench on another commit (e.g. before a change), for a before/after pair measured on
# the same machine within minutes of each other: the commit is checked out in a temporary git
# worktree, this checkout's bench/ harness is copied into it, and it shares this checkout's .venv.
#   usage: bench/at_commit.sh COMMIT [bench/run.py options, e.g. --full]
#   writes bench/results/at-<commit>.md here (override with --out FILE)
set -euo pipefail

commit=${1:?usage: bench/at_commit.sh COMMIT [--full] [--out FILE]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
short=$(git -C "$root" rev-parse --short "$commit")
tree=$(mktemp -d /tmp/milestone-bench-tree-XXXXXX)
cleanup() { git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"; }
trap cleanup EXIT

git -C "$root" worktree add --detach --force "$tree" "$short" >/dev/null
mkdir -p "$tree/bench"
cp "$root"/bench/{__init__,backend,run,seed,settings,table,urls,wrk}.py "$tree/bench/"
ln -s "$root/.venv" "$tree/.venv"
# --out FILE is read from where this script was started, not from inside the temporary tree.
out="$root/bench/results/at-$short.md"
options=()
while [ $# -gt 0 ]; do
  if [ "$1" = --out ]; then out=$(realpath -m "${2:?--out needs a file}"); shift 2; continue; fi
  options+=("$1"); shift
done
cd "$tree"
.venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python bench/run.py --out "$out" "${options[@]}"
