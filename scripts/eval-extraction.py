#!/usr/bin/env python3
"""Main-text extraction: corroborate against trafilatura on the same pages.

Run through scripts/eval-extraction.sh, which builds the Rust example and
picks the Python that has trafilatura. Both extractors read the same HTML
bytes; both are timed in-process on one thread (corroborate: the
`extract_pages` example times `ingest_bytes` + `prepare` only; trafilatura:
`bare_extraction` only), so neither figure holds process start-up or
file reading.

Metric (the dataset README's): per page, NFKC + lowercase + `\\w+` tokens;
P/R/F1 over the sets of 4-token shingles (the main figure) and over the
bag of tokens with multiplicity; averaged per page (macro), per source and
overall; an empty output scores 0. The text scored is the extractor's
title line followed by its body text, for both tools (the L3S and Dragnet
gold texts hold the headline); `--body-only` scores the body alone.
"""

import argparse
import collections
import gzip
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

WORD = re.compile(r"\w+")


def tokens(s):
    return WORD.findall(unicodedata.normalize("NFKC", s or "").lower())


def prf(pred, gold):
    """P, R, F1 of two multisets (Counters) or sets."""
    if isinstance(pred, collections.Counter):
        tp = sum((pred & gold).values())
        np_, ng = sum(pred.values()), sum(gold.values())
    else:
        tp = len(pred & gold)
        np_, ng = len(pred), len(gold)
    if np_ == 0 or ng == 0 or tp == 0:
        return 0.0, 0.0, 0.0
    p, r = tp / np_, tp / ng
    return p, r, 2 * p * r / (p + r)


def shingles(toks, n=4):
    if len(toks) < n:
        return {tuple(toks)} if toks else set()
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def score(pred_text, gold_text):
    pt, gt = tokens(pred_text), tokens(gold_text)
    sh = prf(shingles(pt), shingles(gt))
    bag = prf(collections.Counter(pt), collections.Counter(gt))
    return sh, bag


def joined(title, text, body_only):
    if body_only or not title:
        return text or ""
    return title + "\n" + (text or "")


def run_corroborate(binary, paths):
    out = subprocess.run([binary, *paths], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    timing = json.loads(lines[-1])
    pages = [json.loads(line) for line in lines[:-1]]
    return pages, timing


def run_trafilatura(paths, include_comments):
    import trafilatura

    data = [open(p, "rb").read() for p in paths]
    results = []
    cpu_start = time.thread_time()
    start = time.perf_counter()
    for html in data:
        try:
            doc = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=include_comments
            )
        except Exception:  # one bad page must not stop the run
            doc = None
        if doc is None:
            results.append((None, ""))
        else:
            results.append((doc.title, doc.text or ""))
    seconds = time.perf_counter() - start
    cpu = time.thread_time() - cpu_start
    return results, {"pages": len(paths), "seconds": seconds, "pages_per_s": len(paths) / seconds,
                     "cpu_seconds": cpu, "pages_per_cpu_s": len(paths) / cpu}


def summarize(rows):
    """rows: list of ((P,R,F1) shingle, (P,R,F1) bag)."""
    n = len(rows)
    mean = lambda k, i: sum(r[k][i] for r in rows) / n
    f1s = [r[0][2] for r in rows]
    return {
        "pages": n,
        "P": mean(0, 0),
        "R": mean(0, 1),
        "F1": mean(0, 2),
        "median_F1": statistics.median(f1s),
        "share_F1_ge_0.9": sum(f >= 0.9 for f in f1s) / n,
        "bag_P": mean(1, 0),
        "bag_R": mean(1, 1),
        "bag_F1": mean(1, 2),
    }


def bootstrap_diff(a, b, rounds=1000, seed=7):
    """95% interval of mean(a) - mean(b) over pages resampled together."""
    rng = random.Random(seed)
    n = len(a)
    diffs = []
    for _ in range(rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        diffs.append(sum(a[i] - b[i] for i in idx) / n)
    diffs.sort()
    return diffs[int(0.025 * rounds)], diffs[int(0.975 * rounds) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/datasets/extraction-dev")
    ap.add_argument("--binary", required=True, help="the extract_pages example")
    ap.add_argument("--limit", type=int, default=0, help="first N pages only")
    ap.add_argument("--body-only", action="store_true", help="score body text without titles")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--traf-no-comments", action="store_true",
                    help="trafilatura with include_comments=False (default: its default, True)")
    ap.add_argument("--dump", help="write per-page scores and texts (JSONL) here")
    ap.add_argument("--traf-cache", help="development only: reuse trafilatura outputs saved "
                    "in this file by an earlier run (then no trafilatura timing is printed)")
    args = ap.parse_args()

    gold = [json.loads(l) for l in open(os.path.join(args.data, "gold.jsonl"), encoding="utf-8")]
    if args.limit:
        gold = gold[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for g in gold:
            path = os.path.join(tmp, g["id"] + ".html")
            with gzip.open(os.path.join(args.data, "pages", g["id"] + ".html.gz")) as f:
                open(path, "wb").write(f.read())
            paths.append(path)
        ours, our_timing = run_corroborate(args.binary, paths)
        theirs, their_timing = (None, None)
        if args.traf_cache and os.path.exists(args.traf_cache):
            # Development only: outputs saved by an earlier run (no timing).
            theirs = [tuple(x) for x in json.load(open(args.traf_cache))][: len(paths)]
        elif not args.no_trafilatura:
            theirs, their_timing = run_trafilatura(paths, not args.traf_no_comments)
            if args.traf_cache:
                json.dump(theirs, open(args.traf_cache, "w"))

    systems = {"corroborate": [(p["title"], p["text"]) for p in ours]}
    timings = {"corroborate": our_timing}
    if theirs is not None:
        systems["trafilatura"] = theirs
        if their_timing is not None:
            timings["trafilatura"] = their_timing
    per_page = {
        name: [score(joined(t, x, args.body_only), g["text"]) for (t, x), g in zip(outs, gold)]
        for name, outs in systems.items()
    }
    sources = sorted({g["source"] for g in gold})
    print(f"pages: {len(gold)}; scored text: {'body only' if args.body_only else 'title + body'}")
    header = f"{'source':<16} {'system':<12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'median':>6} {'>=0.9':>6} {'bagF1':>6}"
    print(header)
    results = {}
    for source in sources + ["all"]:
        idx = [i for i, g in enumerate(gold) if source == "all" or g["source"] == source]
        for name, rows in per_page.items():
            s = summarize([rows[i] for i in idx])
            results[(source, name)] = s
            print(
                f"{source:<16} {name:<12} {s['pages']:>5} {s['P']:.3f} {s['R']:.3f} {s['F1']:.3f}"
                f" {s['median_F1']:.3f}  {s['share_F1_ge_0.9']:.3f} {s['bag_F1']:.3f}"
            )
        if "trafilatura" in per_page:
            a = [per_page["corroborate"][i][0][2] for i in idx]
            b = [per_page["trafilatura"][i][0][2] for i in idx]
            lo, hi = bootstrap_diff(a, b)
            print(f"{source:<16} F1 difference corroborate - trafilatura: {sum(a)/len(a) - sum(b)/len(b):+.4f} (95% bootstrap {lo:+.4f} .. {hi:+.4f})")
    for name, t in timings.items():
        print(f"speed {name}: {t['pages']} pages in {t['seconds']:.2f} s wall = {t['pages_per_s']:.1f} pages/s;"
              f" {t['cpu_seconds']:.2f} s CPU of its one thread = {t['pages_per_cpu_s']:.1f} pages per CPU-second")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for i, g in enumerate(gold):
                row = {"id": g["id"], "source": g["source"]}
                for name, outs in systems.items():
                    row[name] = {"F1": per_page[name][i][0][2], "P": per_page[name][i][0][0],
                                 "R": per_page[name][i][0][1], "title": outs[i][0], "text": outs[i][1]}
                row["problem"] = ours[i].get("problem")
                row["removed"] = ours[i].get("removed")
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
