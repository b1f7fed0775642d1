//! Tokens and general English lexicons used by the comparisons.
//!
//! In: a sentence's text. Out: [`Tok`]s (folded form, crude stem, byte
//! span, capitalisation) and look-ups into small, story-independent word
//! lists: antonym pairs, negation cues, words with a negative meaning,
//! modality (certain vs hedged) cues, a few synonym classes and the
//! metonyms that stand for a country (a capital or a seat of government).
//!
//! Invariant: every list here is general English or general world
//! knowledge; nothing is specific to one story or outlet.

use corroborate_core::text::{fold, is_stopword, words};

/// A word of a sentence, with what the comparisons need to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Byte span in the sentence text.
    pub start: usize,
    pub end: usize,
    /// Case- and diacritic-folded surface.
    pub folded: String,
    /// Crude stem of `folded` with synonyms merged (see [`stem`]).
    pub stem: String,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
    /// A function word (core stop-list plus auxiliaries).
    pub function: bool,
}

/// Tokenises a sentence into [`Tok`]s.
pub fn tokens(text: &str) -> Vec<Tok> {
    words(text)
        .into_iter()
        .map(|w| {
            let folded = fold(w.text);
            let folded = folded
                .strip_suffix("'s")
                .map(str::to_string)
                .unwrap_or(folded);
            let stem = canonical_stem(&folded);
            Tok {
                start: w.start,
                end: w.end,
                capitalised: w.text.chars().next().is_some_and(char::is_uppercase),
                function: is_function_word(&folded),
                folded,
                stem,
            }
        })
        .collect()
}

/// Stop-list words plus auxiliaries and a few fillers the core list lacks.
pub fn is_function_word(folded: &str) -> bool {
    is_stopword(folded)
        || matches!(
            folded,
            "is" | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "has"
                | "have"
                | "had"
                | "not"
                | "no"
                | "mr"
                | "mrs"
                | "ms"
                | "dr"
                | "also"
                | "its"
        )
}

/// Crude English stemmer: drops plural, past, gerund and a few derivational
/// suffixes so that "committed", "commitment" and "commit" meet.
///
/// Not alignment's Snowball stemmer, on purpose: the synonym classes and
/// antonym pairs below are written as this stemmer's output ("negotiat",
/// "ceasefir", "commenc"), and every comparison rule keys words by it.
/// Another stemmer means re-deriving those tables and re-running the
/// findings evaluation (docs/eval/findings.md).
pub fn stem(folded: &str) -> String {
    let w = folded.trim_matches('\'');
    if w.len() <= 3 || w.chars().any(|c| c.is_ascii_digit()) {
        return w.to_string();
    }
    let mut s = w.to_string();
    for (suffix, replacement) in [
        ("ations", "ate"),
        ("ation", "ate"),
        ("ments", ""),
        ("ment", ""),
        ("ness", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ] {
        if s.len() > suffix.len() + 2 && s.ends_with(suffix) {
            if suffix == "s" && (s.ends_with("ss") || s.ends_with("us") || s.ends_with("is")) {
                break;
            }
            if suffix == "es" && !(s.ends_with("ches") || s.ends_with("shes") || s.ends_with("xes"))
            {
                // "negotiates" → "negotiat" is fine, but keep "es" words like
                // "sanctions" handled by the plain "s" rule below.
                s.truncate(s.len() - 1);
                break;
            }
            s.truncate(s.len() - suffix.len());
            s.push_str(replacement);
            break;
        }
    }
    // "committ" → "commit", "stopp" → "stop".
    let bytes = s.as_bytes();
    if bytes.len() > 3 {
        let n = bytes.len();
        if bytes[n - 1] == bytes[n - 2] && !matches!(bytes[n - 1], b'l' | b's' | b'z' | b'e') {
            s.truncate(n - 1);
        }
    }
    // "negotiate"/"negotiat" and "decide"/"decid" meet.
    if s.len() > 4 && s.ends_with('e') {
        s.truncate(s.len() - 1);
    }
    s
}

/// Synonym classes: every member stem maps to the first one. General
/// newsroom vocabulary only.
const SYNONYMS: &[&[&str]] = &[
    &["talk", "negotiat", "negotiation"],
    &[
        "start", "begin", "began", "begun", "commenc", "open", "kick",
    ],
    &["kill", "dead", "death", "die", "slain"],
    &["wound", "injur", "hurt"],
    &["say", "said", "tell", "told", "stat", "add", "announc"],
    &["defense", "defence"],
    &["minister", "ministry"],
    &["ceasefir", "truce", "armistic", "cease"],
    &["leader", "president"],
    &["meet", "met", "meeting", "summit"],
];

/// Stem with synonym classes merged.
pub fn canonical_stem(folded: &str) -> String {
    let s = stem(folded);
    for class in SYNONYMS {
        if class.iter().any(|m| *m == s || *m == folded) {
            return class[0].to_string();
        }
    }
    s
}

/// Antonym pairs (base forms; compared by stem).
const ANTONYMS: &[(&str, &str)] = &[
    ("peace", "war"),
    ("peaceful", "war"),
    ("win", "lose"),
    ("won", "lost"),
    ("victory", "defeat"),
    ("success", "failure"),
    ("succeed", "fail"),
    ("successful", "failed"),
    ("increase", "decrease"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("gain", "loss"),
    ("accept", "reject"),
    ("approve", "reject"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("permit", "prohibit"),
    ("support", "oppose"),
    ("agree", "disagree"),
    ("guilty", "innocent"),
    ("convict", "acquit"),
    ("legal", "illegal"),
    ("open", "close"),
    ("open", "closed"),
    ("start", "end"),
    ("begin", "end"),
    ("higher", "lower"),
    ("high", "low"),
    ("raise", "lower"),
    ("impose", "lift"),
    ("include", "exclude"),
    ("confirm", "deny"),
    ("arrive", "depart"),
    ("alive", "dead"),
    ("friend", "enemy"),
    ("ally", "enemy"),
    ("ally", "adversary"),
    ("strong", "weak"),
    ("stronger", "weaker"),
    ("strengthen", "weaken"),
    ("maximum", "minimum"),
    ("positive", "negative"),
    ("true", "false"),
    ("public", "private"),
    ("buy", "sell"),
    ("import", "export"),
    ("north", "south"),
    ("east", "west"),
    ("majority", "minority"),
    ("expand", "shrink"),
    ("attack", "defend"),
    ("optimistic", "pessimistic"),
    ("hawkish", "dovish"),
    ("advance", "retreat"),
    ("first", "last"),
    ("earlier", "later"),
    ("early", "late"),
    ("full", "partial"),
    ("unconditional", "conditional"),
    ("direct", "indirect"),
    ("possible", "impossible"),
    ("likely", "unlikely"),
    ("able", "unable"),
    ("willing", "unwilling"),
    ("serious", "unserious"),
    ("constructive", "destructive"),
    ("hope", "fear"),
    ("praise", "criticize"),
    ("praise", "criticise"),
    ("reward", "punish"),
    ("give", "take"),
    ("withdraw", "deploy"),
    ("release", "detain"),
    ("release", "arrest"),
    ("rescue", "abandon"),
    ("present", "absent"),
    ("cut", "hike"),
    ("surplus", "deficit"),
    ("profit", "loss"),
    ("boom", "bust"),
    ("start", "stop"),
    ("started", "stopped"),
    ("begin", "stop"),
    ("die", "survive"),
    ("died", "survived"),
    ("dies", "survives"),
    ("dead", "survivor"),
    ("approved", "rejected"),
    ("accepted", "rejected"),
    ("won", "lose"),
    ("win", "lost"),
    ("winner", "loser"),
    ("rising", "falling"),
    ("rise", "drop"),
    ("rose", "dropped"),
    ("increased", "decreased"),
    ("increase", "reduce"),
    ("raised", "lowered"),
    ("inflow", "outflow"),
    ("upheld", "overturned"),
    ("uphold", "overturn"),
    ("allowed", "banned"),
    ("lifted", "imposed"),
    ("guilty", "acquitted"),
    ("convicted", "acquitted"),
    ("maximum", "minimum"),
    ("oldest", "youngest"),
    ("largest", "smallest"),
    ("biggest", "smallest"),
    ("highest", "lowest"),
    ("best", "worst"),
    ("better", "worse"),
    ("most", "least"),
    ("larger", "smaller"),
    ("bigger", "smaller"),
    ("older", "younger"),
    ("longer", "shorter"),
    ("faster", "slower"),
    ("cheaper", "dearer"),
    ("safe", "unsafe"),
    ("safe", "dangerous"),
    ("threatened", "endangered"),
    ("rich", "poor"),
    ("wealthy", "poor"),
    ("internal", "external"),
    ("domestic", "foreign"),
    ("inbound", "outbound"),
    ("temporary", "permanent"),
    ("voluntary", "compulsory"),
    ("voluntary", "mandatory"),
    ("innocent", "guilty"),
];

/// Antonyms among small function words, which the content-word check
/// skips: only reported when each is the whole difference in one slot.
const FUNCTION_ANTONYMS: &[(&str, &str)] = &[
    ("before", "after"),
    ("more", "fewer"),
    ("more", "less"),
    ("most", "least"),
    ("above", "below"),
    ("over", "under"),
    ("up", "down"),
    ("inside", "outside"),
    ("with", "without"),
    ("always", "never"),
    ("all", "none"),
    ("everyone", "no one"),
    ("earlier", "later"),
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("higher", "lower"),
    ("rose", "fell"),
    ("first", "last"),
];

/// True when the two folded words are antonyms that may be function
/// words ("before"/"after", "more"/"fewer", "at least"/"at most").
pub fn are_function_antonyms(a: &str, b: &str) -> bool {
    FUNCTION_ANTONYMS
        .iter()
        .any(|(x, y)| (a == *x && b == *y) || (a == *y && b == *x))
}

/// True when the two folded words are antonyms (in either order).
pub fn are_antonyms(a: &str, b: &str) -> bool {
    let (sa, sb) = (stem(a), stem(b));
    ANTONYMS.iter().any(|(x, y)| {
        let (sx, sy) = (stem(x), stem(y));
        (sa == sx && sb == sy) || (sa == sy && sb == sx)
    })
}

/// Explicit negation cues.
pub fn is_negation(folded: &str) -> bool {
    matches!(
        folded,
        "not" | "no" | "never" | "none" | "nobody" | "nothing" | "neither" | "nor" | "cannot"
    ) || folded.ends_with("n't")
}

/// An explicit negation or a word whose meaning carries one.
pub fn is_negative(folded: &str) -> bool {
    is_negation(folded) || is_negative_meaning(folded)
}

/// Words whose meaning carries a negation ("skip" = "not attend"), so that
/// "did not attend" and "skipped" are not taken for an inversion.
pub fn is_negative_meaning(folded: &str) -> bool {
    const NEGATIVE_STEMS: &[&str] = &[
        "fail", "refus", "reject", "skip", "deny", "deni", "avoid", "lack", "absent", "declin",
        "halt", "stop", "cancel", "miss", "without", "unabl", "unlikely", "spurn", "shun", "snub",
        "scotch", "collaps", "postpon", "abandon", "dismiss", "unclear", "unsure", "doubt",
    ];
    let s = stem(folded);
    NEGATIVE_STEMS
        .iter()
        .any(|n| s == *n || (n.len() >= 5 && folded.starts_with(n)))
        || matches!(
            folded,
            "unable" | "unlikely" | "unclear" | "unsure" | "unwilling" | "unaware"
        )
}

/// Cues of certainty about an event ("scheduled", "will", "confirmed").
pub fn is_certain_modal(folded: &str) -> bool {
    matches!(
        folded,
        "will"
            | "scheduled"
            | "confirmed"
            | "set"
            | "due"
            | "planned"
            | "definitely"
            | "certainly"
            | "shall"
            | "must"
            | "announced"
    )
}

/// Cues that hedge an event ("could", "may", "possibly").
pub fn is_hedged_modal(folded: &str) -> bool {
    matches!(
        folded,
        "could"
            | "may"
            | "might"
            | "possibly"
            | "perhaps"
            | "maybe"
            | "likely"
            | "probably"
            | "reportedly"
            | "allegedly"
            | "potentially"
            | "can"
    )
}

/// Country key of a metonym or country name ("Kremlin" → "russia",
/// "Kiev" → "ukraine"), for comparing who does what to whom: the party
/// names of core's one table of countries.
pub fn country_of(folded: &str) -> Option<&'static str> {
    corroborate_core::text::places::party_of(folded)
}

/// Titles and ranks written before a name ("Lord Burnett", "Prime
/// Minister Harper"): a changed title is not a changed name.
pub fn is_title(folded: &str) -> bool {
    matches!(
        folded.trim_end_matches('.'),
        "lord"
            | "lady"
            | "sir"
            | "dame"
            | "prime"
            | "minister"
            | "president"
            | "justice"
            | "judge"
            | "chief"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "rev"
            | "reverend"
            | "father"
            | "sen"
            | "senator"
            | "rep"
            | "gov"
            | "governor"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "general"
            | "gen"
            | "col"
            | "colonel"
            | "sgt"
            | "sergeant"
            | "cpl"
            | "corporal"
            | "lt"
            | "lieutenant"
            | "capt"
            | "captain"
            | "officer"
            | "secretary"
            | "chairman"
            | "chairwoman"
            | "ceo"
            | "mayor"
            | "pope"
            | "bishop"
            | "cardinal"
            | "detective"
            | "inspector"
            | "professor"
            | "prof"
            | "deputy"
            | "former"
            | "the"
    )
}

/// Verbs of saying, whose time ("said on Thursday") is the reporting time,
/// not the time of the reported event.
pub fn is_speech_verb(folded: &str) -> bool {
    matches!(
        stem(folded).as_str(),
        "say"
            | "said"
            | "tell"
            | "told"
            | "add"
            | "announc"
            | "stat"
            | "hail"
            | "warn"
            | "claim"
            | "report"
            | "argu"
            | "insist"
            | "spok"
            | "speak"
            | "not"
            | "confirm"
            | "suggest"
            | "indicat"
            | "signal"
            | "writ"
            | "wrot"
            | "repli"
            | "respond"
            | "acknowledg"
            | "admit"
            | "explain"
            | "describ"
            | "tweet"
            | "post"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet_across_inflections() {
        assert_eq!(stem("committed"), stem("commit"));
        assert_eq!(stem("commitment"), stem("commit"));
        assert_eq!(stem("sanctions"), stem("sanction"));
        assert_eq!(canonical_stem("negotiations"), canonical_stem("talks"));
        assert_eq!(canonical_stem("begin"), canonical_stem("start"));
    }

    #[test]
    fn antonyms_both_ways() {
        assert!(are_antonyms("peace", "war"));
        assert!(are_antonyms("war", "peace"));
        assert!(are_antonyms("rejected", "accepted"));
        assert!(!are_antonyms("peace", "talks"));
    }

    #[test]
    fn metonyms_resolve_to_countries() {
        assert_eq!(country_of("kremlin"), Some("russia"));
        assert_eq!(country_of("kiev"), country_of("kyiv"));
        assert_eq!(country_of("talks"), None);
    }

    #[test]
    fn tokens_carry_spans() {
        let t = "Russia's talks in Kyiv";
        for tok in tokens(t) {
            assert!(t[tok.start..tok.end]
                .to_lowercase()
                .starts_with(&tok.folded));
        }
        assert_eq!(tokens(t)[0].folded, "russia");
    }
}
