#!/usr/bin/env python3
"""Anchor for docs/perf/neural.md: time Python sentence-transformers on the
same sentences as `cargo run -p corroborate-neural --release --example
throughput -- MODEL_DIR --write-sentences FILE`, and compare its vectors with
corroborate's (optional).

Usage:
  .cache/venv/bin/python scripts/bench_sentence_transformers.py MODEL_DIR SENTENCES.txt \
      [--batch 32,64] [--threads N] [--compare VECTORS.f32[,MORE.f32]]

MODEL_DIR is the same local directory (no download: the model is loaded
from disk). Runs on the CPU. `--compare` reads the raw f32 vectors written by
the throughput example's `--save-vectors` and prints how close they are.
"""
import argparse
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("sentences")
    ap.add_argument("--batch", default="32,64")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch default)")
    ap.add_argument("--compare", default=None)
    args = ap.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    with open(args.sentences, encoding="utf-8") as f:
        sentences = [line.rstrip("\n") for line in f if line.strip()]
    t = time.perf_counter()
    model = SentenceTransformer(args.model_dir, device="cpu", local_files_only=True)
    print(f"sentence-transformers loaded {args.model_dir} in {1000 * (time.perf_counter() - t):.0f} ms; "
          f"{len(sentences)} sentences; torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"max_seq_length {model.max_seq_length}")
    model.encode(sentences[:64], batch_size=32)  # warm-up
    vectors = None
    for b in [int(x) for x in args.batch.split(",") if x]:
        t = time.perf_counter()
        vectors = model.encode(sentences, batch_size=b, normalize_embeddings=True, convert_to_numpy=True)
        secs = time.perf_counter() - t
        print(f"batch {b:>3} sentence-transformers  {secs:7.2f} s  {len(sentences) / secs:7.1f} sentences/s  (dim {vectors.shape[1]})")
    if args.compare and vectors is not None:
        import numpy as np
        for path in [p for p in args.compare.split(",") if p]:
            ours = np.fromfile(path, dtype="<f4").reshape(vectors.shape)
            cos = (ours * vectors).sum(axis=1)
            print(f"vs corroborate ({path}): cosine min {cos.min():.6f} mean {cos.mean():.6f}; "
                  f"max abs difference {np.abs(ours - vectors).max():.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
