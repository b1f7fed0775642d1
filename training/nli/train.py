#!/usr/bin/env python3
"""Fine-tunes a BERT-family sentence encoder into an NLI cross-encoder.

In:  --base DIR (config.json, tokenizer.json, model.safetensors, e.g.
     all-MiniLM-L6-v2 from scripts/get-model.sh) and --data DIR (train.jsonl,
     heldout.jsonl from build_data.py).
Out: --out DIR, a model directory that `corroborate_neural::CrossEncoder`
     loads: config.json (architectures = BertForSequenceClassification,
     id2label), tokenizer.json, model.safetensors with `bert.*` encoder
     weights, `bert.pooler.dense.*` and `classifier.*` (the Hugging Face
     layout), plus train_log.json (settings, loss curve, held-out accuracy).

The model: [CLS] premise [SEP] hypothesis [SEP] with token types 0/1, the
[CLS] state through pooler (dense + tanh) and a linear layer to
entailment / neutral / contradiction. The BERT is written out here (40 lines)
rather than taken from `transformers` so the parameter names are exactly the
ones the Rust loader reads and no other package is needed.

Deterministic for a seed and thread count; --max-minutes stops early (the
learning-rate schedule is laid out for the whole epoch) and still exports.
"""

import argparse
import json
import math
import os
import random
import shutil
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer

LABELS = ["entailment", "neutral", "contradiction"]


class Layer(nn.Module):
    def __init__(self, h, heads, inter, eps, drop):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.ao, self.an = nn.Linear(h, h), nn.LayerNorm(h, eps=eps)
        self.i, self.o, self.on = nn.Linear(h, inter), nn.Linear(inter, h), nn.LayerNorm(h, eps=eps)
        self.drop = drop

    def forward(self, x, mask):
        b, t, h = x.shape
        d = h // self.heads

        def split(y):
            return y.view(b, t, self.heads, d).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(
            split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=mask,
            dropout_p=self.drop if self.training else 0.0,
        )
        ctx = ctx.transpose(1, 2).reshape(b, t, h)
        x = self.an(x + F.dropout(self.ao(ctx), self.drop, self.training))
        y = self.o(F.gelu(self.i(x)))
        return self.on(x + F.dropout(y, self.drop, self.training))


class CrossEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h = cfg["hidden_size"]
        eps = cfg.get("layer_norm_eps", 1e-12)
        self.word = nn.Embedding(cfg["vocab_size"], h)
        self.pos = nn.Embedding(cfg["max_position_embeddings"], h)
        self.typ = nn.Embedding(cfg.get("type_vocab_size", 2), h)
        self.norm = nn.LayerNorm(h, eps=eps)
        drop = cfg.get("hidden_dropout_prob", 0.1)
        self.layers = nn.ModuleList(
            Layer(h, cfg["num_attention_heads"], cfg["intermediate_size"], eps, drop)
            for _ in range(cfg["num_hidden_layers"])
        )
        self.pooler = nn.Linear(h, h)
        self.classifier = nn.Linear(h, len(LABELS))
        self.drop = drop

    def forward(self, ids, types, lengths):
        b, t = ids.shape
        pos = torch.arange(t).unsqueeze(0)
        x = self.norm(self.word(ids) + self.pos(pos) + self.typ(types))
        x = F.dropout(x, self.drop, self.training)
        keep = pos < lengths.unsqueeze(1)  # (b, t)
        mask = torch.zeros(b, 1, 1, t).masked_fill(~keep[:, None, None, :], float("-inf"))
        for layer in self.layers:
            x = layer(x, mask)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        return self.classifier(F.dropout(pooled, self.drop, self.training))

    # Hugging Face names <-> module names.
    def hf_names(self):
        m = {
            "bert.embeddings.word_embeddings.weight": self.word.weight,
            "bert.embeddings.position_embeddings.weight": self.pos.weight,
            "bert.embeddings.token_type_embeddings.weight": self.typ.weight,
            "bert.embeddings.LayerNorm.weight": self.norm.weight,
            "bert.embeddings.LayerNorm.bias": self.norm.bias,
            "bert.pooler.dense.weight": self.pooler.weight,
            "bert.pooler.dense.bias": self.pooler.bias,
            "classifier.weight": self.classifier.weight,
            "classifier.bias": self.classifier.bias,
        }
        for i, l in enumerate(self.layers):
            p = f"bert.encoder.layer.{i}."
            for name, mod in (
                ("attention.self.query", l.q), ("attention.self.key", l.k), ("attention.self.value", l.v),
                ("attention.output.dense", l.ao), ("attention.output.LayerNorm", l.an),
                ("intermediate.dense", l.i), ("output.dense", l.o), ("output.LayerNorm", l.on),
            ):
                m[p + name + ".weight"] = mod.weight
                m[p + name + ".bias"] = mod.bias
        return m


def load_base(model, path):
    st = load_file(path)
    loaded = 0
    with torch.no_grad():
        for name, param in model.hf_names().items():
            key = name[len("bert."):] if name.startswith("bert.") else name
            for k in (key, name):
                if k in st and st[k].shape == param.shape:
                    param.copy_(st[k].float())
                    loaded += 1
                    break
    return loaded


def encode(tok, rows, max_len):
    out = []
    for r in rows:
        e = tok.encode(r["premise"], r["hypothesis"])
        out.append((e.ids, e.type_ids, LABELS.index(r["label"])))
    return out


def batches(items, size, rng, shuffle):
    """Batches of similar length (little padding), in random order."""
    idx = list(range(len(items)))
    if shuffle:
        rng.shuffle(idx)
    # Sort within windows of 50 batches: similar lengths, still random.
    win = size * 50
    groups = []
    for s in range(0, len(idx), win):
        w = sorted(idx[s:s + win], key=lambda i: len(items[i][0]))
        groups.extend(w[j:j + size] for j in range(0, len(w), size))
    if shuffle:
        rng.shuffle(groups)
    return groups


def collate(items, group):
    t = max(len(items[i][0]) for i in group)
    ids = torch.zeros(len(group), t, dtype=torch.long)
    types = torch.zeros(len(group), t, dtype=torch.long)
    lengths = torch.tensor([len(items[i][0]) for i in group])
    labels = torch.tensor([items[i][2] for i in group])
    for row, i in enumerate(group):
        n = len(items[i][0])
        ids[row, :n] = torch.tensor(items[i][0])
        types[row, :n] = torch.tensor(items[i][1])
    return ids, types, lengths, labels


def evaluate(model, items, sources):
    model.eval()
    correct = {}
    with torch.no_grad():
        for group in batches(items, 64, None, False):
            ids, types, lengths, labels = collate(items, group)
            pred = model(ids, types, lengths).argmax(-1)
            for j, i in enumerate(group):
                c = correct.setdefault(sources[i], [0, 0])
                c[0] += int(pred[j] == labels[j])
                c[1] += 1
    model.train()
    return {s: (c[0] / c[1], c[1]) for s, c in sorted(correct.items())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-pairs", type=int, default=20000)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-minutes", type=float, default=55)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--eval-per-source", type=int, default=400)
    ap.add_argument("--freeze-embeddings", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)

    cfg = json.load(open(os.path.join(args.base, "config.json")))
    tok = Tokenizer.from_file(os.path.join(args.base, "tokenizer.json"))
    tok.enable_truncation(args.max_len)
    tok.no_padding()
    model = CrossEncoder(cfg)
    n = load_base(model, os.path.join(args.base, "model.safetensors"))
    print(f"loaded {n} base tensors", flush=True)
    if args.freeze_embeddings:
        # The word table is half the parameters; with a few thousand pairs
        # updating it costs time and mostly overfits.
        model.word.weight.requires_grad_(False)

    def read(name):
        with open(os.path.join(args.data, name), encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    train_rows = read("train.jsonl")[: args.max_pairs]
    held_rows = read("heldout.jsonl")
    # A fixed sample of each held-out source for the in-training check.
    by_src = {}
    for r in held_rows:
        by_src.setdefault(r["source"], []).append(r)
    eval_rows = []
    for s in sorted(by_src):
        rs = by_src[s][:]
        random.Random(args.seed).shuffle(rs)
        eval_rows.extend(rs[: args.eval_per_source])
    train = encode(tok, train_rows, args.max_len)
    held = encode(tok, eval_rows, args.max_len)
    held_src = [r["source"] for r in eval_rows]

    groups = []
    whole = int(args.epochs)
    for _ in range(max(whole, 1)):
        groups.extend(batches(train, args.batch, rng, True))
    if args.epochs > whole and whole >= 1:
        extra = batches(train, args.batch, rng, True)
        groups.extend(extra[: int(len(extra) * (args.epochs - whole))])
    elif args.epochs < 1:
        groups = groups[: max(1, int(len(groups) * args.epochs))]
    steps = len(groups)
    warm = max(1, steps // 10)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    print(f"{len(train)} pairs, {steps} steps of {args.batch}", flush=True)
    log = {"args": vars(args), "steps_planned": steps, "loss": []}
    start = time.time()
    model.train()
    running, done = 0.0, 0
    for step, group in enumerate(groups):
        ids, types, lengths, labels = collate(train, group)
        loss = F.cross_entropy(model(ids, types, lengths), labels)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        running += loss.item()
        done = step + 1
        if done % 50 == 0:
            el = time.time() - start
            print(f"step {done}/{steps} loss {running / 50:.4f} {el:.0f}s ({done * args.batch / el:.1f} pairs/s)", flush=True)
            log["loss"].append([done, running / 50])
            running = 0.0
        if time.time() - start > args.max_minutes * 60:
            print(f"time limit: stopping after {done} of {steps} steps", flush=True)
            break
    log["steps_done"] = done
    log["train_seconds"] = round(time.time() - start, 1)
    acc = evaluate(model, held, held_src) if held else {}
    log["heldout_sample_accuracy"] = acc
    for s, (a, c) in acc.items():
        print(f"held-out {s:28} {a:.3f} ({c})", flush=True)

    os.makedirs(args.out, exist_ok=True)
    tensors = {k: v.detach().contiguous().clone() for k, v in model.hf_names().items()}
    save_file(tensors, os.path.join(args.out, "model.safetensors"))
    out_cfg = dict(cfg)
    out_cfg.update({
        "architectures": ["BertForSequenceClassification"],
        "id2label": {str(i): l for i, l in enumerate(LABELS)},
        "label2id": {l: i for i, l in enumerate(LABELS)},
        "max_seq_length": args.max_len,
    })
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(out_cfg, f, indent=2)
    shutil.copy(os.path.join(args.base, "tokenizer.json"), os.path.join(args.out, "tokenizer.json"))
    with open(os.path.join(args.out, "train_log.json"), "w") as f:
        json.dump(log, f, indent=2)
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
