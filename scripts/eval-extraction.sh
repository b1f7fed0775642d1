#!/usr/bin/env bash
# Main-text extraction, corroborate against trafilatura on the same pages in
# one run (see docs/eval/extraction-html.md).
#
#   scripts/eval-extraction.sh [--limit N] [--body-only] [--traf-no-comments] [--dump FILE]
#
# Needs a Python with trafilatura installed, outside the repository:
#   python3 -m venv /work/venv-traf && /work/venv-traf/bin/pip install trafilatura lxml_html_clean
# PYTHON (default /work/venv-traf/bin/python) picks it; DATA the dataset
# folder (default /work/shared/datasets/extraction-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-/work/venv-traf/bin/python}"
DATA="${DATA:-/work/shared/datasets/extraction-dev}"
cargo build --release -q -p corroborate-ingest --example extract_pages
exec "$PYTHON" scripts/eval-extraction.py --data "$DATA" \
  --binary target/release/examples/extract_pages "$@"
