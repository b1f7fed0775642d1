//! Sentence features: normalised content tokens, IDF weights, and the
//! hashed lexical encoder.
//!
//! In: sentence text. Out: [`SentenceFeatures`], the sentence's content
//! tokens in order, each reduced to a *key* so that surface variants of one
//! word meet:
//!
//! * case and diacritics folded (`Erdoğan` = `Erdogan`), possessives dropped;
//! * common exonyms mapped to one form (`Kiev` = `Kyiv`, `Turkey` = `Türkiye`);
//! * a small general synonym table (`truce` = `ceasefire`, `negotiations` = `talks`);
//! * British and American spellings (`defence` = `defense`,
//!   `organisation` = `organization`, `travelled` = `traveled`);
//! * English Snowball stemming (`negotiating` = `negotiation` = `negotiate`);
//! * transliteration normalisation (`Zelenskyy` = `Zelensky` = `Zelenskiy`:
//!   doubled letters collapsed, `ck`→`k`, `ph`→`f`, `kh`→`h`, `-y/-iy/-ii`→`-i`);
//! * numbers split from glued units and written as digits
//!   (`400km` = `400 km`, `30-day` = `30 days`, `1,200` = `1200`, `five` = `5`).
//!
//! Stop words are dropped. [`ScoringContext`] gives each key an IDF weight:
//! the story's own sentence-level IDF blended with a background prior (common
//! English content words weigh little, unseen words a lot), so that small
//! stories are not at the mercy of their own counts. [`LexicalEncoder`]
//! turns features into hashed, IDF-weighted unigram+bigram vectors,
//! L2-normalised, behind the shared [`Encoder`] trait.
//!
//! Invariants: keys are deterministic (no randomness, no hash-map order);
//! every function accepts any UTF-8 input without panicking.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use corroborate_core::text::{fold, is_stopword, words};
use corroborate_core::{Encoder, EncoderError};
use rust_stemmers::{Algorithm, Stemmer};

use crate::minhash::{hash_bytes, mix64};

/// What a token is, which decides how loosely it may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// An ordinary content word.
    Word,
    /// A capitalised word inside the sentence (likely a proper name): may
    /// match a differently transliterated spelling.
    Name,
    /// A number, written as digits; matches only the same number.
    Number,
}

/// One normalised content token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Normalised key (see the module doc); numbers start with `#`.
    pub key: String,
    /// Hash of `key`.
    pub hash: u64,
    pub kind: TokenKind,
}

/// The content tokens of one sentence, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceFeatures {
    pub tokens: Vec<Token>,
}

/// Common exonyms and old spellings → one canonical folded form.
/// General world knowledge, not tied to any story.
const EXONYMS: &[(&str, &str)] = &[
    ("kiev", "kyiv"),
    ("kiyv", "kyiv"),
    ("turkey", "turkiye"),
    ("peking", "beijing"),
    ("bombay", "mumbai"),
    ("calcutta", "kolkata"),
    ("madras", "chennai"),
    ("bangalore", "bengaluru"),
    ("burma", "myanmar"),
    ("rangoon", "yangon"),
    ("ceylon", "srilanka"),
    ("kharkov", "kharkiv"),
    ("odessa", "odesa"),
    ("lvov", "lviv"),
    ("lwow", "lviv"),
    ("nikolaev", "mykolaiv"),
    ("zaporozhye", "zaporizhzhia"),
    ("zaporizhia", "zaporizhzhia"),
    ("donetsk", "donetsk"),
    ("lugansk", "luhansk"),
    ("chernobyl", "chornobyl"),
    ("byelorussia", "belarus"),
    ("belorussia", "belarus"),
    ("moldavia", "moldova"),
    ("kirghizia", "kyrgyzstan"),
    ("kirgizia", "kyrgyzstan"),
    ("swaziland", "eswatini"),
    ("saigon", "hochiminh"),
    ("canton", "guangzhou"),
    ("constantinople", "istanbul"),
    ("leningrad", "stpetersburg"),
    ("tiflis", "tbilisi"),
    ("alma", "almaty"),
    ("almaata", "almaty"),
    ("czechia", "czechrepublic"),
    ("holland", "netherlands"),
    ("dutch", "netherlands"),
    ("persia", "iran"),
    ("siam", "thailand"),
    ("dacca", "dhaka"),
    ("gaddafi", "qaddafi"),
    ("kadhafi", "qaddafi"),
    ("gadhafi", "qaddafi"),
    ("qadhafi", "qaddafi"),
    ("mohammed", "muhammad"),
    ("mohammad", "muhammad"),
    ("mohamed", "muhammad"),
    ("muhammed", "muhammad"),
    ("usa", "us"),
    ("america", "us"),
    ("american", "us"),
    ("uk", "britain"),
    ("british", "britain"),
    ("kremlin", "kremlin"),
];

/// Small general synonym table: surface word → canonical word (before
/// stemming). Only near-interchangeable words in news prose.
const SYNONYMS: &[(&str, &str)] = &[
    ("truce", "ceasefire"),
    ("armistice", "ceasefire"),
    ("cease", "ceasefire"),
    ("negotiation", "talks"),
    ("negotiations", "talks"),
    ("negotiate", "talks"),
    ("negotiating", "talks"),
    ("negotiated", "talks"),
    ("commence", "begin"),
    ("commenced", "begin"),
    ("start", "begin"),
    ("started", "begin"),
    ("starts", "begin"),
    ("starting", "begin"),
    ("began", "begin"),
    ("begun", "begin"),
    ("begins", "begin"),
    ("finish", "end"),
    ("finished", "end"),
    ("conclude", "end"),
    ("concluded", "end"),
    ("purchase", "buy"),
    ("purchased", "buy"),
    ("bought", "buy"),
    ("acquire", "buy"),
    ("acquired", "buy"),
    ("large", "big"),
    ("huge", "big"),
    ("little", "small"),
    ("assist", "help"),
    ("aid", "help"),
    ("demonstrate", "show"),
    ("display", "show"),
    ("increase", "rise"),
    ("increased", "rise"),
    ("rose", "rise"),
    ("grew", "rise"),
    ("climbed", "rise"),
    ("gain", "rise"),
    ("gained", "rise"),
    ("decrease", "fall"),
    ("decreased", "fall"),
    ("decline", "fall"),
    ("declined", "fall"),
    ("dropped", "fall"),
    ("fell", "fall"),
    ("firm", "company"),
    ("corporation", "company"),
    ("automobile", "car"),
    ("vehicle", "car"),
    ("attorney", "lawyer"),
    ("physician", "doctor"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("around", "about"),
    ("nearly", "almost"),
    ("killed", "kill"),
    ("slain", "kill"),
    ("died", "dead"),
    ("deaths", "dead"),
    ("death", "dead"),
    ("die", "dead"),
    ("injured", "wounded"),
    ("hurt", "wounded"),
    ("delegation", "team"),
    ("delegations", "team"),
    ("envoy", "representative"),
    ("envoys", "representative"),
    ("summit", "meeting"),
    ("meet", "meeting"),
    ("met", "meeting"),
    ("conflict", "war"),
    ("warfare", "war"),
    ("announced", "announce"),
    ("declared", "announce"),
    ("stated", "said"),
    ("added", "said"),
    ("explained", "said"),
    ("rapid", "quick"),
    ("rapidly", "quick"),
    ("quickly", "quick"),
    ("fast", "quick"),
    ("immediately", "immediate"),
    ("nation", "country"),
    ("nations", "country"),
    ("countries", "country"),
    ("residents", "people"),
    ("citizens", "people"),
    ("person", "people"),
    ("persons", "people"),
];

/// British → American spelling, as word-prefix rewrites (so inflections
/// follow: `labour`, `labourers`, `defences`). `-ise`/`-ize` is handled in
/// [`translit_key`] (`z` → `s`), doubled consonants (`travelled`) there too.
const UK_US_PREFIXES: &[(&str, &str)] = &[
    ("labour", "labor"),
    ("colour", "color"),
    ("favour", "favor"),
    ("honour", "honor"),
    ("neighbour", "neighbor"),
    ("behaviour", "behavior"),
    ("harbour", "harbor"),
    ("rumour", "rumor"),
    ("humour", "humor"),
    ("vigour", "vigor"),
    ("armour", "armor"),
    ("endeavour", "endeavor"),
    ("flavour", "flavor"),
    ("tumour", "tumor"),
    ("centre", "center"),
    ("theatre", "theater"),
    ("litre", "liter"),
    ("fibre", "fiber"),
    ("calibre", "caliber"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("pretence", "pretense"),
    ("catalogue", "catalog"),
    ("dialogue", "dialog"),
    ("analogue", "analog"),
    ("programme", "program"),
    ("grey", "gray"),
    ("aluminium", "aluminum"),
    ("jewellery", "jewelry"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("sceptic", "skeptic"),
    ("manoeuvr", "maneuver"),
    ("paediatric", "pediatric"),
    ("anaesthe", "anesthe"),
    ("oestrogen", "estrogen"),
    ("haemorrhag", "hemorrhag"),
    ("foetus", "fetus"),
    ("diarrhoea", "diarrhea"),
    ("leukaemia", "leukemia"),
    ("mediaeval", "medieval"),
    ("practise", "practice"),
    ("plough", "plow"),
    ("mould", "mold"),
    ("smoulder", "smolder"),
    ("moustache", "mustache"),
    ("pyjama", "pajama"),
];

/// Scale words → digits (the words below a hundred are core's
/// [`corroborate_core::text::number_word`] table).
const SCALE_WORDS: &[(&str, &str)] = &[
    ("hundred", "100"),
    ("thousand", "1000"),
    ("million", "1000000"),
    ("billion", "1000000000"),
];

/// Unit spellings → one symbol.
const UNITS: &[(&str, &str)] = &[
    ("km", "km"),
    ("kms", "km"),
    ("kilometre", "km"),
    ("kilometres", "km"),
    ("kilometer", "km"),
    ("kilometers", "km"),
    ("mi", "mile"),
    ("miles", "mile"),
    ("metres", "metre"),
    ("meters", "metre"),
    ("meter", "metre"),
    ("kg", "kg"),
    ("kilogram", "kg"),
    ("kilograms", "kg"),
    ("kilos", "kg"),
    ("lb", "pound"),
    ("lbs", "pound"),
    ("pounds", "pound"),
    ("pct", "percent"),
    ("yrs", "year"),
    ("hrs", "hour"),
    ("mins", "minute"),
];

/// Common English content words (beyond the stop-list): the background
/// prior gives them a low weight even when a story uses them rarely.
const COMMON_WORDS: &[&str] = &[
    "year",
    "years",
    "people",
    "time",
    "times",
    "day",
    "days",
    "new",
    "first",
    "last",
    "make",
    "made",
    "take",
    "took",
    "go",
    "went",
    "come",
    "came",
    "get",
    "got",
    "see",
    "know",
    "back",
    "well",
    "way",
    "like",
    "good",
    "many",
    "much",
    "part",
    "place",
    "case",
    "group",
    "number",
    "world",
    "area",
    "high",
    "use",
    "used",
    "work",
    "week",
    "weeks",
    "month",
    "months",
    "today",
    "yesterday",
    "tomorrow",
    "later",
    "early",
    "government",
    "state",
    "country",
    "official",
    "officials",
    "report",
    "reports",
    "reported",
    "according",
    "news",
    "thing",
    "things",
    "long",
    "great",
    "little",
    "own",
    "old",
    "right",
    "big",
    "next",
    "early",
    "young",
    "important",
    "public",
    "bad",
    "able",
    "include",
    "including",
    "included",
    "think",
    "want",
    "look",
    "give",
    "given",
    "find",
    "found",
    "tell",
    "ask",
    "asked",
    "seem",
    "feel",
    "try",
    "leave",
    "call",
    "called",
    "need",
    "keep",
    "let",
    "begin",
    "show",
    "hear",
    "play",
    "run",
    "move",
    "live",
    "believe",
    "hold",
    "held",
    "bring",
    "happen",
    "write",
    "provide",
    "sit",
    "stand",
    "lose",
    "pay",
    "include",
    "continue",
    "set",
    "change",
    "lead",
    "understand",
    "watch",
    "follow",
    "stop",
    "create",
    "speak",
    "read",
    "allow",
    "add",
    "spend",
    "grow",
    "open",
    "walk",
    "win",
    "offer",
    "remember",
    "consider",
    "appear",
    "buy",
    "wait",
    "serve",
    "send",
    "expect",
    "build",
    "stay",
    "fall",
    "cut",
    "reach",
    "remain",
    "suggest",
    "raise",
    "pass",
    "sell",
    "require",
    "decide",
    "pull",
    "point",
    "end",
    "side",
    "thursday",
    "friday",
    "monday",
    "tuesday",
    "wednesday",
    "saturday",
    "sunday",
    "morning",
    "evening",
    "night",
    "afternoon",
    "mr",
    "mrs",
    "ms",
    "dr",
    "percent",
    "statement",
    "added",
    "told",
    "spokesman",
    "spokeswoman",
    "press",
    "city",
    "home",
    "man",
    "woman",
    "men",
    "women",
    "child",
    "children",
    "life",
    "hand",
    "family",
    "system",
    "question",
    "issue",
    "level",
    "term",
    "fact",
    "member",
    "members",
];

fn map_lookup(
    table: &'static [(&'static str, &'static str)],
) -> HashMap<&'static str, &'static str> {
    table.iter().copied().collect()
}

fn exonyms() -> &'static HashMap<&'static str, &'static str> {
    static M: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    M.get_or_init(|| map_lookup(EXONYMS))
}

fn synonyms() -> &'static HashMap<&'static str, &'static str> {
    static M: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    M.get_or_init(|| map_lookup(SYNONYMS))
}

/// The digits of a folded number word ("seven" → "7", "million" →
/// "1000000").
fn number_word_digits(folded: &str) -> Option<String> {
    if let Some(n) = corroborate_core::text::number_word(folded) {
        return Some(n.to_string());
    }
    SCALE_WORDS
        .iter()
        .find(|(w, _)| *w == folded)
        .map(|(_, digits)| (*digits).to_string())
}

fn units() -> &'static HashMap<&'static str, &'static str> {
    static M: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    M.get_or_init(|| map_lookup(UNITS))
}

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Hashes of the keys of [`COMMON_WORDS`].
fn common_keys() -> &'static HashSet<u64> {
    static S: OnceLock<HashSet<u64>> = OnceLock::new();
    S.get_or_init(|| {
        COMMON_WORDS
            .iter()
            .filter_map(|w| word_key(w))
            .map(|k| hash_bytes(k.as_bytes()))
            .collect()
    })
}

/// Transliteration normalisation of a folded, stemmed word: doubled letters
/// collapsed, `ck`→`k`, `ph`→`f`, `kh`→`h`, `z`→`s` (also `-ize`/`-ise`),
/// final `y`/`iy`/`ii`/`yi`→`i`.
pub fn translit_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let bytes: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = if bytes[i] == 'z' { 's' } else { bytes[i] };
        let next = bytes.get(i + 1).copied();
        match (c, next) {
            ('c', Some('k')) => {
                out.push('k');
                i += 2;
                continue;
            }
            ('p', Some('h')) => {
                out.push('f');
                i += 2;
                continue;
            }
            ('k', Some('h')) => {
                out.push('h');
                i += 2;
                continue;
            }
            _ => {}
        }
        if out.ends_with(c) && c.is_alphabetic() {
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    // Endings: -iy, -ii (collapsed to -i above), -yi, -y → -i.
    for ending in ["iy", "yi", "y"] {
        if out.len() > ending.len() + 2 && out.ends_with(ending) {
            out.truncate(out.len() - ending.len());
            out.push('i');
            break;
        }
    }
    out
}

/// The key of a folded alphabetic word, or `None` for a stop word.
fn word_key(folded: &str) -> Option<String> {
    if folded.is_empty() || is_stopword(folded) {
        return None;
    }
    if let Some(unit) = units().get(folded) {
        return Some((*unit).to_string());
    }
    let canonical = exonyms()
        .get(folded)
        .or_else(|| synonyms().get(folded))
        .copied()
        .unwrap_or(folded);
    let american;
    let canonical = match UK_US_PREFIXES
        .iter()
        .find(|(uk, _)| canonical.starts_with(uk))
    {
        Some((uk, us)) => {
            american = format!("{us}{}", &canonical[uk.len()..]);
            american.as_str()
        }
        None => canonical,
    };
    // -ise/-isation → -ize/-ization before stemming: the stemmer treats the
    // two families differently ("organisation" → "organis", "organization"
    // → "organ"). Applied to every word; a collision needs two distinct
    // words differing only there, which English hardly has.
    let mut spelled = canonical.to_string();
    for (uk, us) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("iser", "izer"),
        ("ise", "ize"),
    ] {
        if spelled.len() > uk.len() + 2 && spelled.ends_with(uk) {
            spelled.truncate(spelled.len() - uk.len());
            spelled.push_str(us);
            break;
        }
    }
    let stemmed = stemmer().stem(&spelled);
    Some(translit_key(&stemmed))
}

fn number_token(digits: &str) -> Token {
    // Canonical number form: no thousands separators, no trailing ".0".
    let mut key = String::with_capacity(digits.len() + 1);
    key.push('#');
    key.extend(digits.chars().filter(|c| *c != ','));
    if let Some(stripped) = key.strip_suffix(".0") {
        key = stripped.to_string();
    }
    Token {
        hash: hash_bytes(key.as_bytes()),
        key,
        kind: TokenKind::Number,
    }
}

fn word_token(key: String, kind: TokenKind) -> Token {
    Token {
        hash: hash_bytes(key.as_bytes()),
        key,
        kind,
    }
}

impl SentenceFeatures {
    /// Extracts the content tokens of `text`.
    pub fn new(text: &str) -> Self {
        let mut tokens = Vec::new();
        for (position, word) in words(text).into_iter().enumerate() {
            let mut folded = fold(word.text);
            // Possessives and elisions: "Russia's" → "russia".
            if let Some(stem) = folded.strip_suffix("'s") {
                folded = stem.to_string();
            }
            folded.retain(|c| c != '\'');
            if folded.is_empty() {
                continue;
            }
            let starts_with_digit = folded.starts_with(|c: char| c.is_ascii_digit());
            if starts_with_digit {
                // "400km" → 400 + km; "1,200" → 1200; "3.5" kept.
                let split = folded
                    .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                    .unwrap_or(folded.len());
                let (digits, rest) = folded.split_at(split);
                let digits = digits.trim_end_matches(['.', ',']);
                if !digits.is_empty() {
                    tokens.push(number_token(digits));
                }
                // Glued magnitude suffixes of news prose: "$5bn", "£3m".
                let magnitude = match rest {
                    "bn" | "b" => Some("1000000000"),
                    "mn" | "m" => Some("1000000"),
                    _ => None,
                };
                if let Some(m) = magnitude {
                    tokens.push(number_token(m));
                } else if let Some(key) = word_key(rest) {
                    tokens.push(word_token(key, TokenKind::Word));
                }
                continue;
            }
            if let Some(digits) = number_word_digits(&folded) {
                tokens.push(number_token(&digits));
                continue;
            }
            let Some(key) = word_key(&folded) else {
                continue;
            };
            let capitalised = word.text.chars().next().is_some_and(char::is_uppercase);
            let kind = if capitalised && position > 0 {
                TokenKind::Name
            } else {
                TokenKind::Word
            };
            tokens.push(word_token(key, kind));
        }
        Self { tokens }
    }
}

/// Document frequencies of keys over a collection of sentences, blended
/// with a background prior into IDF weights.
///
/// `weight(key) = (N·idf_story + K·idf_background) / (N + K)` with `N` the
/// number of sentences, `K` = [`ScoringContext::PRIOR_SENTENCES`],
/// `idf_story = ln(1 + N / df)` and `idf_background` = 1.0 for common
/// English words, 2.5 for numbers, 4.0 otherwise (rare until seen).
#[derive(Debug, Clone, Default)]
pub struct ScoringContext {
    df: HashMap<u64, u32>,
    sentences: u32,
}

impl ScoringContext {
    /// Weight of the background prior, in sentences.
    pub const PRIOR_SENTENCES: f32 = 50.0;

    /// A context with no story statistics: background prior only.
    pub fn background() -> Self {
        Self::default()
    }

    /// Counts document frequencies over already-extracted features.
    pub fn from_features<'a>(features: impl IntoIterator<Item = &'a SentenceFeatures>) -> Self {
        let mut ctx = Self::default();
        let mut seen: Vec<u64> = Vec::new();
        for f in features {
            seen.clear();
            seen.extend(f.tokens.iter().map(|t| t.hash));
            seen.sort_unstable();
            seen.dedup();
            for h in &seen {
                *ctx.df.entry(*h).or_insert(0) += 1;
            }
            ctx.sentences += 1;
        }
        ctx
    }

    /// Counts document frequencies over sentence texts.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let feats: Vec<SentenceFeatures> = texts.into_iter().map(SentenceFeatures::new).collect();
        Self::from_features(&feats)
    }

    /// Number of sentences counted.
    pub fn sentences(&self) -> usize {
        self.sentences as usize
    }

    /// IDF weight of a token (always > 0).
    pub fn weight(&self, token: &Token) -> f32 {
        let background = match token.kind {
            TokenKind::Number => 2.5,
            _ if common_keys().contains(&token.hash) => 1.0,
            _ => 4.0,
        };
        let n = self.sentences as f32;
        if n == 0.0 {
            return background;
        }
        let df = self.df.get(&token.hash).copied().unwrap_or(0).max(1) as f32;
        let story = (1.0 + n / df).ln();
        let k = Self::PRIOR_SENTENCES;
        (n * story + k * background) / (n + k)
    }
}

/// Hashed IDF-weighted unigram + bigram vectors of content-word keys,
/// L2-normalised. Deterministic; needs no files.
#[derive(Debug, Clone)]
pub struct LexicalEncoder {
    dim: usize,
    context: ScoringContext,
}

impl LexicalEncoder {
    /// Default vector length.
    pub const DEFAULT_DIM: usize = 1024;
    /// Weight of a bigram relative to the mean of its two words.
    const BIGRAM_WEIGHT: f32 = 0.5;

    /// An encoder of dimension `dim` (at least 1) with background IDF only.
    pub fn new(dim: usize) -> Self {
        Self::with_context(dim, ScoringContext::background())
    }

    /// An encoder weighting words by the IDF of a corpus.
    pub fn with_context(dim: usize, context: ScoringContext) -> Self {
        Self {
            dim: dim.max(1),
            context,
        }
    }

    /// The vector of already-extracted features.
    pub fn encode_features(&self, features: &SentenceFeatures) -> Vec<f32> {
        let mut v = vec![0.0f32; self.dim];
        let weights: Vec<f32> = features
            .tokens
            .iter()
            .map(|t| self.context.weight(t))
            .collect();
        for (t, w) in features.tokens.iter().zip(&weights) {
            self.add_feature(&mut v, t.hash, *w);
        }
        for (pair, w) in features.tokens.windows(2).zip(weights.windows(2)) {
            let h = mix64(pair[0].hash.rotate_left(17) ^ pair[1].hash);
            self.add_feature(&mut v, h, Self::BIGRAM_WEIGHT * 0.5 * (w[0] + w[1]));
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        v
    }

    fn add_feature(&self, v: &mut [f32], hash: u64, weight: f32) {
        // The top bit picks a sign so that collisions cancel on average.
        let index = (hash % self.dim as u64) as usize;
        let sign = if hash >> 63 == 0 { 1.0 } else { -1.0 };
        v[index] += sign * weight;
    }
}

impl Default for LexicalEncoder {
    fn default() -> Self {
        Self::new(Self::DEFAULT_DIM)
    }
}

impl Encoder for LexicalEncoder {
    fn name(&self) -> &str {
        "lexical"
    }

    fn dim(&self) -> usize {
        self.dim
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        Ok(texts
            .iter()
            .map(|t| self.encode_features(&SentenceFeatures::new(t)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::cosine;

    fn keys(text: &str) -> Vec<String> {
        SentenceFeatures::new(text)
            .tokens
            .into_iter()
            .map(|t| t.key)
            .collect()
    }

    #[test]
    fn names_meet_across_spellings() {
        assert_eq!(keys("Mr Zelenskyy"), keys("Mr Zelensky"));
        assert_eq!(keys("Mr Zelenskiy"), keys("Mr Zelensky"));
        assert_eq!(keys("in Kiev"), keys("in Kyiv"));
        assert_eq!(keys("to Turkey"), keys("to Türkiye"));
        assert_eq!(keys("Erdoğan"), keys("Erdogan"));
        assert_eq!(keys("Gaddafi"), keys("Qadhafi"));
    }

    #[test]
    fn british_and_american_spellings_meet() {
        assert_eq!(keys("the defence minister"), keys("the Defense Minister"));
        assert_eq!(keys("labour organisations"), keys("labor organizations"));
        assert_eq!(keys("they realised"), keys("they realized"));
        assert_eq!(
            keys("travelled to the centre"),
            keys("traveled to the center")
        );
        assert_eq!(keys("chronic diarrhoea"), keys("chronic diarrhea"));
    }

    #[test]
    fn numbers_and_units_meet() {
        let mut truce = keys("a 30-day truce");
        let mut ceasefire = keys("a ceasefire of 30 days");
        truce.sort();
        ceasefire.sort();
        assert_eq!(truce, ceasefire);
        assert_eq!(keys("400km"), keys("400 kilometres"));
        assert_eq!(keys("1,200 pounds"), keys("1200 lbs"));
        assert_eq!(keys("five people"), keys("5 persons"));
    }

    #[test]
    fn stems_and_stopwords() {
        assert_eq!(
            keys("the negotiating teams"),
            keys("negotiations of a team")
        );
        assert!(keys("the of and to").is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in ["", "’s", "''", "1,", ".5", "٣٤", "🙂 x", "K"] {
            let _ = SentenceFeatures::new(text);
        }
    }

    #[test]
    fn story_idf_lowers_weight_of_ubiquitous_words() {
        let texts = [
            "Ukraine and Russia held talks in Istanbul.",
            "Ukraine wants a ceasefire.",
            "Ukraine sent its defence minister.",
            "Russia sent a junior team.",
        ];
        let ctx = ScoringContext::from_texts(texts.iter().copied());
        let f = SentenceFeatures::new("Ukraine sent a ceasefire proposal to Istanbul");
        let weight_of = |key: &str| {
            let t = f.tokens.iter().find(|t| t.key == key).expect("token");
            ctx.weight(t)
        };
        assert!(weight_of("ukrain") < weight_of("istanbul"));
        assert!(weight_of("propos") > weight_of("sent"));
    }

    #[test]
    fn lexical_encoder_vectors_are_unit_and_meaningful() {
        let enc = LexicalEncoder::default();
        let v = enc
            .encode(&[
                "Zelenskyy sent a delegation to Istanbul for peace talks.",
                "Zelensky has sent his team to the Istanbul negotiations on peace.",
                "The Centers for Disease Control reported 19 cases of measles.",
            ])
            .expect("lexical encoding cannot fail");
        for x in &v {
            let norm: f32 = x.iter().map(|a| a * a).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4);
            assert_eq!(x.len(), enc.dim());
        }
        assert!(cosine(&v[0], &v[1]) > 0.5);
        assert!(cosine(&v[0], &v[2]).abs() < 0.15);
    }
}
