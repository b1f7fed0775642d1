#!/usr/bin/env bash
# Measures the neural encoder the way docs/perf/neural.md reports it:
# peak instruction rates of one core, corroborate's two engines on 1,000
# distinct news sentences, and Python sentence-transformers on the same
# sentences in the same run (the anchor), with vector agreement.
#
#   bash scripts/bench-neural.sh [MODEL_DIR]
#
# Needs the model (scripts/get-model.sh) and, for the anchor, a virtual
# environment with sentence-transformers in .cache/venv (created here on
# first use; this is the only step that downloads, from PyPI). Run it on an
# otherwise idle machine: every figure is a wall-clock rate.
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-$(bash scripts/get-model.sh)}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target/neural}"
cargo build --release -q -p corroborate-neural --examples
if [ ! -x .cache/venv/bin/python ] || ! .cache/venv/bin/python -c "import sentence_transformers" 2>/dev/null; then
  python3 -m venv .cache/venv
  .cache/venv/bin/pip install -q sentence-transformers
fi
mkdir -p .cache/bench
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# before: $(uptime)"
"$CARGO_TARGET_DIR/release/examples/peak_rates"
"$CARGO_TARGET_DIR/release/examples/throughput" "$model" --n 1000 --batch 32,64 \
  --write-sentences .cache/bench/sentences-1000.txt --save-vectors .cache/bench/vectors
echo "# between: $(uptime)"
.cache/venv/bin/python scripts/bench_sentence_transformers.py "$model" .cache/bench/sentences-1000.txt \
  --batch 32,64 --threads "$(nproc)" \
  --compare .cache/bench/vectors-quantised.f32,.cache/bench/vectors-f32.f32
echo "# after: $(uptime)"
