#!/usr/bin/env python3
"""Builds the training and held-out pair files of the NLI cross-encoder.

In:  the NLI pair files of ../shared/datasets/nli (see its README for origins
     and licences) and news text (data/eval/stories, examples/, and the
     gva-dev stream of ../shared/datasets/clustering when present).
Out: OUT/train.jsonl, OUT/heldout.jsonl and OUT/heldout_external.jsonl
     (the evaluation-only sources, not committed), one {"premise", "hypothesis",
     "label", "source"} per line; shuffled with a fixed seed, so the same
     inputs give byte-identical files.

Which data, and why:
* Trained on: snli_dev_test (SNLI *dev* only), snli_cad, breaking_nli,
  fever_symmetric, wikifactcheck_refuted (CC BY-SA / Apache) and generated
  news pairs (news_gen, from this repository's own text).
* Never trained on: SICK (CC BY-NC-SA: non-commercial, while this project is
  MIT/Apache), GLUE diagnostic and NaN-NLI (licence not verified). They are
  evaluation-only, with SNLI *test* (held out whole) and a 10 % hash split of
  every training source.
* Balance: each source is capped per label, and contradiction-only sources
  (wikifactcheck, breaking_nli) get identity / harmless-edit entailment
  partners, so "a small word change" is not by itself evidence of
  contradiction.
"""

import argparse
import glob
import hashlib
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import news_pairs  # noqa: E402

LABELS = ("entailment", "neutral", "contradiction")

# (source, per-label cap on training pairs)
TRAIN_SOURCES = {
    "snli_dev_test": 2600,
    "snli_cad": 2600,
    "breaking_nli": 1500,
    "fever_symmetric": 600,
    "wikifactcheck_refuted": 1500,
}
EVAL_ONLY = ("sick", "glue_diagnostic", "nan_nli")


def heldout_hash(p, h):
    """10 % of every training source, by a stable hash of the pair."""
    d = hashlib.sha1((p + "\x00" + h).encode()).digest()
    return d[0] < 26


def load(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def news_sentences(root, shared, exclude):
    """Sentences of news text that is not dev evaluation data."""
    texts = []
    for pattern in ("data/eval/stories/*/*.txt", "examples/*/*.txt"):
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            with open(path, encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
    gva = os.path.join(shared, "clustering", "gva-dev.jsonl")
    if os.path.exists(gva):
        for row in load(gva):
            texts.append(row.get("text", ""))
    out = []
    seen = set()
    for t in texts:
        for para in t.split("\n"):
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", para.strip()):
                s = s.strip()
                n = len(s.split())
                if 8 <= n <= 40 and s not in seen and s not in exclude and s[-1:] in ".!?\"”":
                    seen.add(s)
                    out.append(s)
    return out


def dev_story_sentences(shared):
    out = set()
    for path in glob.glob(os.path.join(shared, "stories-dev", "*", "*")):
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                for para in f.read().split("\n"):
                    for s in re.split(r"(?<=[.!?])\s+", para.strip()):
                        out.add(s.strip())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared/datasets")
    ap.add_argument("--root", default=".")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--news-pairs", type=int, default=4500)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    nli = os.path.join(args.shared, "nli")
    train, held = [], []

    for source, cap in TRAIN_SOURCES.items():
        rows = list(load(os.path.join(nli, source + ".jsonl")))
        by_label = {lab: [] for lab in LABELS}
        for r in rows:
            pair = {
                "premise": r["premise"],
                "hypothesis": r["hypothesis"],
                "label": r["label"],
                "source": source,
            }
            if r["label"] not in by_label:
                continue
            if (source == "snli_dev_test" and r.get("split") == "test") or heldout_hash(
                r["premise"], r["hypothesis"]
            ):
                held.append(pair)
            else:
                by_label[r["label"]].append(pair)
        for lab in LABELS:
            rng.shuffle(by_label[lab])
            train.extend(by_label[lab][:cap])
        # Contradiction-only sources: the unedited sentence entails itself,
        # and a harmless rewrite of it is still entailed.
        if source in ("wikifactcheck_refuted", "breaking_nli"):
            prem = sorted({p["premise"] for p in by_label["contradiction"][:cap]})
            rng.shuffle(prem)
            for p in prem[: cap // 2]:
                h = news_pairs.harmless_edit(p, rng) or p
                train.append({"premise": p, "hypothesis": h, "label": "entailment", "source": source + "+ent"})

    # Evaluation-only sources go to a file of their own, never committed
    # (SICK is non-commercial; the other two licences are unverified).
    external = []
    for source in EVAL_ONLY:
        for r in load(os.path.join(nli, source + ".jsonl")):
            if r["label"] in LABELS:
                external.append({"premise": r["premise"], "hypothesis": r["hypothesis"], "label": r["label"], "source": source})

    exclude = dev_story_sentences(args.shared)
    sents = news_sentences(args.root, args.shared, exclude)
    rng.shuffle(sents)
    gen = news_pairs.generate(sents, rng, args.news_pairs)
    n_held_news = len(gen) // 10
    for i, g in enumerate(gen):
        g["source"] = "news_gen"
        (held if i < n_held_news else train).append(g)

    rng.shuffle(train)
    os.makedirs(args.out, exist_ok=True)
    for name, rows in (("train", train), ("heldout", held), ("heldout_external", external)):
        with open(os.path.join(args.out, name + ".jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    counts = {}
    for r in train:
        k = (r["source"], r["label"])
        counts[k] = counts.get(k, 0) + 1
    for k in sorted(counts):
        print(f"train {k[0]:28} {k[1]:14} {counts[k]}", file=sys.stderr)
    print(f"train {len(train)} pairs, held out {len(held)} pairs ({len(sents)} news sentences)", file=sys.stderr)


if __name__ == "__main__":
    main()
