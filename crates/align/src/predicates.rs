//! Predicate classes: which kind of event a sentence reports, and about whom.
//!
//! In: one sentence's text and the story's set of words seen capitalised
//! inside a sentence (names). Out: [`PredicateKey`]s, each a predicate class
//! ("absent", "arrest", "death", …) with the name it is said of — the
//! nearest name before the predicate word, else the nearest one after it.
//!
//! Why: reports of one fact often share its actor and little else ("Putin
//! skipped the talks" / "Putin will not attend" / "the Kremlin said Putin
//! would not go"), so the lexical pair score leaves them apart. Two
//! sentences of different articles with the same key report the same
//! event of the same actor; [`crate::claims`] lets such pairs join a claim.
//!
//! The lexicon is general English (verbs of attending, arresting, dying,
//! selling, …), nothing specific to a story. A negated predicate of the
//! attending kind becomes "absent" ("did not attend", "would not go");
//! any other negated predicate gives no key, so a denial never joins the
//! claim it denies.
//!
//! [`event_keys`] adds classes used only to recognise that two sentences
//! report the same event when the summary checks a citation
//! (`corroborate_verify::summary`), never to merge claims: "lead" ("led
//! by Medinsky", "headed by Medinsky"), "arrive" ("arrived
//! in", "is due in", "is expected in") and "unserious" ("was not serious",
//! "lacked seriousness", "not taking the talks seriously"). Joined into one
//! claim, such wordings made verify compare sentences that share the
//! leader and differ in everything else ("led failed talks" / "without a
//! successful start") and raise false contradictions.
//!
//! Invariants: deterministic; keys sorted and unique.

use corroborate_core::text::{fold, is_stopword, words};
use std::collections::BTreeSet;

/// A predicate class and the (folded) name it is said of.
pub type PredicateKey = (&'static str, String);

/// Verbs of taking part: negated, they say someone stayed away.
const ATTEND: &[&str] = &[
    "attend",
    "go",
    "goes",
    "going",
    "gone",
    "went",
    "travel",
    "come",
    "came",
    "coming",
    "join",
    "show",
    "participate",
    "appear",
    "turn",
    "fly",
];

/// (word prefix, class) for words that carry their class alone. A prefix
/// matches the folded word's start, so inflections share one entry.
const CLASSES: &[(&str, &str)] = &[
    ("skip", "absent"),
    ("shun", "absent"),
    ("snub", "absent"),
    ("spurn", "absent"),
    ("boycott", "absent"),
    ("absent", "absent"),
    ("absence", "absent"),
    ("arrest", "arrest"),
    ("detain", "arrest"),
    ("apprehend", "arrest"),
    ("custody", "arrest"),
    ("kill", "death"),
    ("murder", "death"),
    ("slay", "death"),
    ("slain", "death"),
    ("died", "death"),
    ("dies", "death"),
    ("dead", "death"),
    ("death", "death"),
    ("hanged", "death"),
    ("injur", "injury"),
    ("wound", "injury"),
    ("sue", "lawsuit"),
    ("suing", "lawsuit"),
    ("lawsuit", "lawsuit"),
    ("resign", "resign"),
    ("quit", "resign"),
    ("sold", "sale"),
    ("sell", "sale"),
    ("auction", "sale"),
    ("fetch", "sale"),
    ("missing", "missing"),
    ("vanish", "missing"),
    ("disappear", "missing"),
    ("bankrupt", "bankruptcy"),
    ("forfeit", "forfeit"),
    ("extradit", "extradition"),
];

/// Words of leading a group, for [`event_keys`] only, and only in the
/// passive "led by X" / "headed by X": the nouns and adjectives name a
/// role, not an event ("Russian leader Putin", "Tolstedt, the former head
/// of the unit", "Sanger, the lead independent director"), and would make
/// every sentence naming the same person "the same event".
const LEAD: &[&str] = &["led", "headed"];

/// Words of lacking, which negate "seriousness" as "not" does.
const LACK: &[&str] = &["lack", "lacks", "lacked", "lacking"];

const NEGATIONS: &[&str] = &[
    "not", "never", "no", "nt", "cannot", "didnt", "doesnt", "dont", "wont", "wouldnt", "couldnt",
    "shouldnt", "isnt", "wasnt", "arent", "werent", "hasnt", "havent", "hadnt", "cant",
];

/// How far (in words) a name may stand from its predicate.
const NAME_REACH: usize = 8;

/// Words that are capitalised for another reason than being a name.
fn ordinary_capital(folded: &str) -> bool {
    is_stopword(folded)
        || corroborate_core::text::month_number(folded).is_some()
        || corroborate_core::text::weekday_number(folded).is_some()
        || matches!(
            folded,
            "mr" | "mrs" | "ms" | "dr" | "president" | "minister" | "the"
        )
}

/// Folded words written capitalised somewhere other than at the start of
/// a sentence: the story's names.
pub fn story_names<'a>(sentences: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for text in sentences {
        for w in words(text).into_iter().skip(1) {
            if w.text.chars().next().is_some_and(char::is_uppercase) {
                let f = fold(w.text);
                if f.len() >= 3 && !ordinary_capital(&f) {
                    names.insert(f);
                }
            }
        }
    }
    names
}

/// A lexicon entry matches its inflections: any continuation for a long
/// entry, the usual endings for a short one ("sue" is not "suez").
fn inflects(word: &str, entry: &str) -> bool {
    match word.strip_prefix(entry) {
        None => false,
        Some(_) if entry.len() >= 5 => true,
        Some(rest) => matches!(
            rest,
            "" | "s"
                | "es"
                | "d"
                | "ed"
                | "ing"
                | "ped"
                | "ping"
                | "ned"
                | "ning"
                | "bed"
                | "bing"
                | "ting"
                | "ted"
                | "er"
                | "ers"
        ),
    }
}

fn class_of(folded: &str) -> Option<&'static str> {
    CLASSES
        .iter()
        .find(|(entry, _)| inflects(folded, entry))
        .map(|&(_, class)| class)
}

/// The predicate keys of one sentence (see the module doc).
pub fn predicate_keys(text: &str, names: &BTreeSet<String>) -> Vec<PredicateKey> {
    keys_of(text, names, false)
}

/// [`predicate_keys`] plus the summary-only classes (see the module doc).
pub fn event_keys(text: &str, names: &BTreeSet<String>) -> Vec<PredicateKey> {
    keys_of(text, names, true)
}

fn keys_of(text: &str, names: &BTreeSet<String>, summary_classes: bool) -> Vec<PredicateKey> {
    let folded: Vec<String> = words(text)
        .iter()
        .map(|w| fold(w.text).replace(['\'', '’'], ""))
        .collect();
    let is_name = |i: usize| {
        let f = folded[i]
            .strip_suffix('s')
            .filter(|_| folded[i].ends_with("s"));
        names.contains(&folded[i]) || f.is_some_and(|f| names.contains(f))
    };
    // "Russians"/"Russian" name the country "Russia" when the story does.
    let name_key = |i: usize| -> String {
        let key = if names.contains(&folded[i]) {
            folded[i].clone()
        } else {
            folded[i].trim_end_matches('s').to_string()
        };
        match key.strip_suffix('n') {
            Some(country) if key.ends_with("ian") && names.contains(country) => country.to_string(),
            _ => key,
        }
    };
    let negated =
        |i: usize| (i.saturating_sub(3)..i).any(|j| NEGATIONS.contains(&folded[j].as_str()));
    let mut keys: BTreeSet<PredicateKey> = BTreeSet::new();
    for i in 0..folded.len() {
        let word = folded[i].as_str();
        let next = folded.get(i + 1).map(String::as_str);
        let class = if summary_classes && LEAD.contains(&word) {
            (!negated(i) && next == Some("by")).then_some("lead")
        } else if summary_classes
            && (inflects(word, "arrive")
                || matches!(word, "landed" | "lands")
                || (matches!(word, "due" | "expected") && matches!(next, Some("in" | "at"))))
        {
            (!negated(i)).then_some("arrive")
        } else if summary_classes && word.starts_with("serious") {
            // "not taking the real negotiations very seriously": a wider
            // reach than other negations.
            (i.saturating_sub(6)..i)
                .any(|j| {
                    NEGATIONS.contains(&folded[j].as_str()) || LACK.contains(&folded[j].as_str())
                })
                .then_some("unserious")
        } else if summary_classes && word.starts_with("unserious") {
            Some("unserious")
        } else if ATTEND.contains(&word) || word == "there" {
            // "did not attend", "would not go", "is not there".
            if negated(i) && (word != "there" || i > 0 && folded[i - 1] == "not") {
                Some("absent")
            } else {
                None
            }
        } else {
            match class_of(word) {
                Some(c) if !negated(i) => Some(c),
                _ => None,
            }
        };
        let Some(class) = class else {
            continue;
        };
        // "led by Vladimir Medinsky": the leader follows; the last word of
        // the name, as a first name may be shared ("Vladimir Putin").
        if class == "lead" && folded.get(i + 1).is_some_and(|w| w == "by") {
            if let Some(mut j) =
                (i + 2..(i + 2 + NAME_REACH).min(folded.len())).find(|&j| is_name(j))
            {
                while j + 1 < folded.len() && is_name(j + 1) {
                    j += 1;
                }
                keys.insert((class, name_key(j)));
            }
            continue;
        }
        let before = (i.saturating_sub(NAME_REACH)..i)
            .rev()
            .find(|&j| is_name(j));
        let after = || (i + 1..(i + 1 + NAME_REACH).min(folded.len())).find(|&j| is_name(j));
        if let Some(j) = before.or_else(after) {
            keys.insert((class, name_key(j)));
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, story: &[&str]) -> Vec<PredicateKey> {
        let names = story_names(story.iter().copied().chain([text]));
        predicate_keys(text, &names)
    }

    #[test]
    fn staying_away_is_one_class_across_wordings() {
        let story = ["Talks with Vladimir Putin and the Kremlin began."];
        let a = keys(
            "The Kremlin said Putin would skip the negotiations.",
            &story,
        );
        let b = keys(
            "Russian President Vladimir Putin did not travel to Istanbul.",
            &story,
        );
        let c = keys("Officials confirmed that Putin will not attend.", &story);
        for k in [&a, &b, &c] {
            assert!(k.contains(&("absent", "putin".to_string())), "{k:?}");
        }
    }

    #[test]
    fn attending_is_not_staying_away() {
        let story = ["Talks with Vladimir Putin began."];
        let k = keys("Officials said Putin will attend the talks.", &story);
        assert!(!k.iter().any(|(c, _)| *c == "absent"), "{k:?}");
    }

    #[test]
    fn leading_is_a_summary_class_with_the_leader_after_by() {
        let story = ["Talks of Vladimir Putin's Russia and Vladimir Medinsky began in Istanbul."];
        let names = story_names(story);
        let a = "Moscow's delegation is being led by presidential aide Vladimir Medinsky.";
        let b = "The Russian side was headed by Vladimir Medinsky, an aide.";
        for text in [a, b] {
            assert!(
                event_keys(text, &names).contains(&("lead", "medinsky".to_string())),
                "{text}: {:?}",
                event_keys(text, &names)
            );
            assert!(!predicate_keys(text, &names).iter().any(|k| k.0 == "lead"));
        }
        let unserious = [
            "Zelenskyy said Russia was not serious about peace.",
            "Zelenskyy said Russia lacked seriousness in the talks.",
            "Zelenskyy said Russia is not taking the real negotiations very seriously.",
        ];
        for text in unserious {
            assert!(
                event_keys(text, &names).contains(&("unserious", "russia".to_string())),
                "{text}: {:?}",
                event_keys(text, &names)
            );
        }
        assert!(event_keys("Russia is serious about peace, Zelenskyy said.", &names).is_empty());
        assert!(
            !event_keys("Medinsky, the head of the delegation, spoke.", &names)
                .iter()
                .any(|k| k.0 == "lead")
        );
        assert!(!event_keys("Russian leader Vladimir Putin spoke.", &names)
            .iter()
            .any(|k| k.0 == "lead"));
    }

    #[test]
    fn a_denied_event_gives_no_key() {
        let story = ["Police questioned John Smith."];
        assert!(keys("Police did not arrest Smith on Monday.", &story).is_empty());
        assert_eq!(
            keys("Police arrested Smith on Monday.", &story),
            vec![("arrest", "smith".to_string())]
        );
    }
}
