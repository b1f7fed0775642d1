"""Generates labelled sentence pairs from news sentences.

* entailment: meaning-preserving or information-dropping rewrites (synonyms,
  dropped modifiers and attributions, numbers written out) — small edits that
  change nothing, so the model does not learn "an edit means contradiction";
* contradiction: antonym swaps, inserted or removed negation, changed
  numbers, swapped named roles — each sometimes combined with a harmless
  edit, so the flip is not the only change;
* neutral: another sentence of the same text collection sharing a name (same
  topic, different fact).

Everything is drawn from the `random.Random` passed in: a fixed seed gives
the same pairs. The lexicons are general English, not tied to any story.
"""

import re

ANTONYMS = [
    ("increase", "decrease"), ("increased", "decreased"), ("rose", "fell"), ("rise", "fall"),
    ("won", "lost"), ("win", "lose"), ("accepted", "rejected"), ("accept", "reject"),
    ("approved", "rejected"), ("confirmed", "denied"), ("confirm", "deny"),
    ("agreed", "refused"), ("support", "oppose"), ("supported", "opposed"), ("supports", "opposes"),
    ("higher", "lower"), ("more", "fewer"), ("before", "after"), ("allowed", "banned"),
    ("open", "closed"), ("opened", "closed"), ("peace", "war"), ("guilty", "innocent"),
    ("alive", "dead"), ("first", "last"), ("largest", "smallest"), ("biggest", "smallest"),
    ("strong", "weak"), ("early", "late"), ("arrived", "left"), ("started", "ended"),
    ("began", "ended"), ("success", "failure"), ("succeeded", "failed"), ("released", "detained"),
    ("rejected", "endorsed"), ("praised", "criticised"), ("praised", "criticized"),
    ("lifted", "imposed"), ("gained", "lost"), ("ally", "enemy"), ("friends", "enemies"),
    ("majority", "minority"), ("legal", "illegal"), ("safe", "dangerous"), ("up", "down"),
    ("cut", "raised"), ("expanded", "reduced"), ("resigned", "stayed"), ("acquitted", "convicted"),
    ("killed", "spared"), ("north", "south"), ("east", "west"), ("public", "private"),
    ("possible", "impossible"), ("likely", "unlikely"), ("always", "never"),
    ("increasing", "decreasing"), ("welcomed", "condemned"), ("ruled out", "left open"),
    ("collapsed", "succeeded"), ("ceasefire", "offensive"), ("victory", "defeat"),
]
FLIP = {}
for a, b in ANTONYMS:
    FLIP.setdefault(a, b)
    FLIP.setdefault(b, a)

SYNONYMS = [
    ("said", "stated"), ("said", "told reporters"), ("people", "individuals"), ("began", "started"),
    ("big", "large"), ("help", "assist"), ("buy", "purchase"), ("about", "around"),
    ("nearly", "almost"), ("also", "additionally"), ("officials", "authorities"),
    ("shows", "indicates"), ("showed", "indicated"), ("killed", "left dead"), ("attack", "assault"),
    ("children", "kids"), ("car", "vehicle"), ("home", "house"), ("job", "post"),
    ("meeting", "talks"), ("announced", "declared"), ("tried", "attempted"),
    ("because", "since"), ("but", "however,"), ("quickly", "rapidly"), ("enough", "sufficient"),
]
SYN = {}
for a, b in SYNONYMS:
    SYN.setdefault(a, []).append(b)

DROPPABLE = {
    "very", "also", "still", "just", "now", "recently", "currently", "really", "already",
    "new", "major", "key", "local", "former", "senior", "top", "several", "large", "small",
    "long", "brief", "officially", "publicly", "reportedly", "widely", "then",
}
NUMBER_WORDS = {
    "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
    "8": "eight", "9": "nine", "10": "ten", "12": "twelve", "20": "twenty",
}
AUX_NEG = {
    "is": "is not", "was": "was not", "are": "are not", "were": "were not",
    "will": "will not", "has": "has not", "have": "have not", "had": "had not",
    "can": "cannot", "would": "would not", "could": "could not", "should": "should not",
    "did": "did not", "does": "does not", "do": "do not", "must": "must not",
}
UNNEG = [("is not", "is"), ("was not", "was"), ("are not", "are"), ("were not", "were"),
         ("will not", "will"), ("has not", "has"), ("have not", "have"), ("cannot", "can"),
         ("did not", "did"), ("does not", "does"), ("do not", "do"), ("isn't", "is"),
         ("wasn't", "was"), ("didn't", "did"), ("won't", "will"), ("doesn't", "does"),
         ("don't", "do"), ("hasn't", "has"), ("haven't", "have"), ("never", "")]

WORD = re.compile(r"\b[\w']+\b")


def _replace_word(s, old, new):
    pat = re.compile(r"\b" + re.escape(old) + r"\b")
    m = pat.search(s)
    if not m:
        return None
    return s[: m.start()] + new + s[m.end():]


def _cands(s, table):
    words = {w.lower() for w in WORD.findall(s)}
    found = [k for k in table if (" " in k and k in s) or k in words]
    return sorted(found)


def harmless_edit(s, rng):
    """A rewrite that keeps (or only drops) meaning, or None."""
    ops = ["syn", "drop", "num", "attrib"]
    rng.shuffle(ops)
    for op in ops:
        if op == "syn":
            c = _cands(s, SYN)
            if c:
                k = rng.choice(c)
                r = _replace_word(s, k, rng.choice(SYN[k]))
                if r and r != s:
                    return r
        elif op == "drop":
            c = [w for w in WORD.findall(s) if w.lower() in DROPPABLE]
            if c:
                w = rng.choice(c)
                r = re.sub(r"\s*\b" + re.escape(w) + r"\b", "", s, count=1).strip()
                if r and r != s:
                    return r[0].upper() + r[1:]
        elif op == "num":
            c = [m for m in re.finditer(r"(?<![\d,.])\b\d+\b(?![,.]\d)", s) if m.group() in NUMBER_WORDS]
            if c:
                m = rng.choice(c)
                return s[: m.start()] + NUMBER_WORDS[m.group()] + s[m.end():]
        elif op == "attrib":
            m = re.search(r",\s+(?:he|she|they|officials|police|[A-Z]\w+(?: [A-Z]\w+)?) (?:said|told \w+|added)\.$", s)
            if m:
                return s[: m.start()] + "."
    return None


def flip(s, rng):
    """A rewrite that contradicts `s`, and the kind of flip, or (None, None)."""
    ops = ["antonym", "neg", "number", "role"]
    rng.shuffle(ops)
    for op in ops:
        if op == "antonym":
            c = _cands(s, FLIP)
            if c:
                k = rng.choice(c)
                r = _replace_word(s, k, FLIP[k])
                if r and r != s:
                    return r, op
        elif op == "neg":
            for old, new in UNNEG:
                if re.search(r"\b" + re.escape(old) + r"\b", s):
                    r = re.sub(r"\s*\b" + re.escape(old) + r"\b", (" " + new) if new else "", s, count=1)
                    return r.strip(), op
            c = [w for w in WORD.findall(s) if w in AUX_NEG]
            if c:
                w = rng.choice(c)
                r = _replace_word(s, w, AUX_NEG[w])
                if r:
                    return r, op
        elif op == "number":
            nums = [m for m in re.finditer(r"\b\d[\d,]*(?:\.\d+)?\b", s)]
            nums = [m for m in nums if not re.fullmatch(r"(19|20)\d\d", m.group())]
            if nums:
                m = rng.choice(nums)
                v = float(m.group().replace(",", ""))
                nv = v * rng.choice([2, 3, 0.5, 10]) if v > 3 else v + rng.choice([2, 3, 5])
                txt = f"{nv:,.0f}" if nv == int(nv) else f"{nv:.1f}"
                if txt != m.group():
                    return s[: m.start()] + txt + s[m.end():], op
        elif op == "role":
            names = []
            for m in re.finditer(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b", s):
                if m.start() > 0 and m.group() not in names:
                    names.append(m.group())
            if len(names) >= 2:
                a, b = rng.sample(names, 2)
                r = s.replace(a, "\x00").replace(b, a).replace("\x00", b)
                if r != s:
                    return r, op
    return None, None


def generate(sentences, rng, n):
    """About `n` pairs: 40 % entailment, 35 % contradiction, 25 % neutral."""
    by_name = {}
    for i, s in enumerate(sentences):
        for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", s[1:]):
            by_name.setdefault(m.group(), []).append(i)
    out = []
    want = {"entailment": int(n * 0.40), "contradiction": int(n * 0.35), "neutral": n - int(n * 0.40) - int(n * 0.35)}
    have = {k: 0 for k in want}
    for i, s in enumerate(sentences):
        if all(have[k] >= want[k] for k in want):
            break
        slot = i % 20
        if slot < 8 and have["entailment"] < want["entailment"]:
            h = harmless_edit(s, rng)
            if h and rng.random() < 0.3:
                h = harmless_edit(h, rng) or h
            if h:
                out.append({"premise": s, "hypothesis": h, "label": "entailment"})
                have["entailment"] += 1
        elif slot < 15 and have["contradiction"] < want["contradiction"]:
            h, _kind = flip(s, rng)
            if h and rng.random() < 0.4:
                h = harmless_edit(h, rng) or h
            if h:
                out.append({"premise": s, "hypothesis": h, "label": "contradiction"})
                have["contradiction"] += 1
        elif have["neutral"] < want["neutral"]:
            names = [m.group() for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", s[1:])]
            pool = [j for nm in names for j in by_name.get(nm, []) if j != i]
            if pool:
                j = rng.choice(pool)
                a, b = (s, sentences[j]) if rng.random() < 0.5 else (sentences[j], s)
                out.append({"premise": a, "hypothesis": b, "label": "neutral"})
                have["neutral"] += 1
    return out
