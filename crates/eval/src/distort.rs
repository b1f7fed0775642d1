//! Programmatic distortions for evaluating the verify stage.
//!
//! In: an article's text. Out: a distorted copy with up to four injected
//! changes, each in a different sentence-like line: an antonym swap, an
//! inserted negation, a changed number and a changed person name, plus the
//! list of [`Injection`]s (what was changed, and the distorted line) so an
//! evaluation can check which ones the findings catch.
//!
//! [`distort_one`] makes the single-edit copies the findings evaluation
//! uses: one [`DistortionKind`] applied once, optionally only inside given
//! sentences (those other outlets also report, so a majority exists).
//!
//! Invariant: deterministic (the first applicable place is used); the
//! rest of the text is left byte for byte as it was.

/// One injected change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injection {
    /// `antonym`, `negation`, `number` or `name`.
    pub kind: &'static str,
    /// The words replaced and their replacement, for the report.
    pub before: String,
    pub after: String,
    /// Byte offset of the change in the distorted text.
    pub offset: usize,
}

/// Word swaps used to inject antonyms (each also fine read backwards).
const ANTONYM_SWAPS: &[(&str, &str)] = &[
    ("accept", "reject"),
    ("approved", "rejected"),
    ("won", "lost"),
    ("win", "lose"),
    ("rose", "fell"),
    ("support", "oppose"),
    ("legal", "illegal"),
    ("peaceful", "violent"),
    ("open", "closed"),
    ("guilty", "innocent"),
    ("allowed", "banned"),
    ("increase", "decrease"),
    ("higher", "lower"),
    ("defend", "attack"),
    ("protect", "attack"),
    ("first", "last"),
    ("received", "rejected"),
];

/// Names substituted for a person's surname.
const REPLACEMENT_NAMES: &[&str] = &["Hartmann", "Okonkwo", "Lindqvist"];

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The numbers written alone in `para`: each maximal run of ASCII digits
/// not glued to what stands before it (a letter, a digit, `.`, `,`, `:` or
/// one of `also_before`, such as a currency sign), as (byte offset,
/// length), in order.
fn standalone_numbers<'a>(
    para: &'a str,
    also_before: &'a [char],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(c) = para[i..].chars().next() {
            let alone = i == 0
                || !para[..i].ends_with(|c: char| {
                    c.is_alphanumeric() || matches!(c, '.' | ',' | ':') || also_before.contains(&c)
                });
            if c.is_ascii_digit() && alone {
                let rest = &para[i..];
                let len = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                let start = i;
                i += len;
                return Some((start, len));
            }
            i += c.len_utf8();
        }
        None
    })
}

/// True when the digits `digits`, followed by `after`, are a year
/// (1900–2100), a decimal or a clock time rather than an amount.
fn is_year_decimal_or_clock(digits: &str, after: &str) -> bool {
    let value: u64 = digits.parse().unwrap_or(0);
    let year = digits.len() == 4 && (1900..=2100).contains(&value);
    let decimal =
        after.starts_with(['.', ',', ':']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
    let clock = [" a.m", " p.m", " am", " pm", "am", "pm"]
        .iter()
        .any(|suffix| after.starts_with(suffix));
    year || decimal || clock
}

/// Paragraph ranges `(start, end)` of the text (non-empty lines).
fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if !text[start..i].trim().is_empty() {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// Injects up to four distortions, each in its own paragraph.
pub fn distort(text: &str) -> (String, Vec<Injection>) {
    let mut edits: Vec<(usize, usize, String, &'static str)> = Vec::new();
    let paragraphs = lines(text);
    let mut used = vec![false; paragraphs.len()];
    // Antonym.
    'antonym: for (p, &(s, e)) in paragraphs.iter().enumerate() {
        for &(x, y) in ANTONYM_SWAPS {
            for (from, to) in [(x, y), (y, x)] {
                if let Some(pos) = text[s..e].find(from) {
                    let (a, b) = (s + pos, s + pos + from.len());
                    if is_word_boundary(text, a, b) {
                        edits.push((a, b, to.to_string(), "antonym"));
                        used[p] = true;
                        break 'antonym;
                    }
                }
            }
        }
    }
    // Negation: "is/was/are/were/will/would/has/had/can" + " not".
    'negation: for (p, &(s, e)) in paragraphs.iter().enumerate() {
        if used[p] {
            continue;
        }
        for aux in [
            " is ", " was ", " are ", " were ", " will ", " would ", " has ", " had ",
        ] {
            if let Some(pos) = text[s..e].find(aux) {
                let after = s + pos + aux.len();
                if text[after..].starts_with("not ") || text[s..e].contains(" not ") {
                    continue;
                }
                edits.push((after, after, "not ".to_string(), "negation"));
                used[p] = true;
                break 'negation;
            }
        }
    }
    // Number: a digit run that is not a year, tripled.
    'number: for (p, &(s, e)) in paragraphs.iter().enumerate() {
        if used[p] {
            continue;
        }
        let para = &text[s..e];
        for (i, len) in standalone_numbers(para, &[]) {
            let digits = &para[i..i + len];
            let value: u64 = digits.parse().unwrap_or(0);
            if !is_year_decimal_or_clock(digits, &para[i + len..]) && value > 0 {
                edits.push((s + i, s + i + len, (value * 3).to_string(), "number"));
                used[p] = true;
                break 'number;
            }
        }
    }
    // Name: a capitalised surname used in two or more paragraphs, replaced
    // once in a later paragraph.
    let surnames: Vec<&str> = {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for &(s, e) in &paragraphs {
            let mut seen = std::collections::BTreeSet::new();
            let ws = corroborate_core::text::words(&text[s..e]);
            for (k, w) in ws.iter().enumerate().skip(1) {
                // A surname follows a capitalised first name.
                let after_name = ws[k - 1]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                if after_name
                    && w.text.len() >= 4
                    && w.text.chars().next().is_some_and(char::is_uppercase)
                    && w.text.chars().skip(1).all(char::is_lowercase)
                    && seen.insert(w.text)
                {
                    *counts.entry(w.text).or_insert(0) += 1;
                }
            }
        }
        let mut v: Vec<(&str, usize)> = counts.into_iter().filter(|(_, c)| *c >= 2).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(w, _)| w).collect()
    };
    'name: for (p, &(s, e)) in paragraphs.iter().enumerate().skip(1) {
        if used[p] {
            continue;
        }
        for w in corroborate_core::text::words(&text[s..e])
            .into_iter()
            .skip(1)
        {
            if surnames.contains(&w.text) {
                let replacement = REPLACEMENT_NAMES
                    .iter()
                    .find(|r| !text.contains(*r))
                    .copied()
                    .unwrap_or("Hartmann");
                edits.push((s + w.start, s + w.end, replacement.to_string(), "name"));
                break 'name;
            }
        }
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len() + 16);
    let mut injections = Vec::new();
    let mut last = 0;
    for (a, b, replacement, kind) in edits {
        out.push_str(&text[last..a]);
        injections.push(Injection {
            kind,
            before: text[a..b].to_string(),
            after: replacement.clone(),
            offset: out.len(),
        });
        out.push_str(&replacement);
        last = b;
    }
    out.push_str(&text[last..]);
    (out, injections)
}

/// One kind of single-sentence distortion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DistortionKind {
    /// A content word turned into its antonym (won/lost, rose/fell, …).
    Antonym,
    /// A small word turned into its opposite (before/after, at least/at
    /// most, more/fewer, above/below).
    FunctionAntonym,
    /// A negation inserted ("was not", "will not") or removed.
    Negation,
    /// A figure changed.
    Number,
    /// A weekday or a day of the month changed.
    Date,
    /// A person replaced by another person of the same story.
    Person,
    /// A place replaced by another place of the story (or a country).
    Place,
    /// A quote given to another person of the story.
    Quote,
}

impl DistortionKind {
    pub const ALL: [DistortionKind; 8] = [
        Self::Antonym,
        Self::FunctionAntonym,
        Self::Negation,
        Self::Number,
        Self::Date,
        Self::Person,
        Self::Place,
        Self::Quote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Antonym => "antonym",
            Self::FunctionAntonym => "function_antonym",
            Self::Negation => "negation",
            Self::Number => "number",
            Self::Date => "date",
            Self::Person => "person",
            Self::Place => "place",
            Self::Quote => "quote",
        }
    }
}

/// Content-word antonym swaps for [`DistortionKind::Antonym`].
const CONTENT_SWAPS: &[(&str, &str)] = &[
    ("won", "lost"),
    ("win", "lose"),
    ("died", "survived"),
    ("started", "stopped"),
    ("approved", "rejected"),
    ("accepted", "rejected"),
    ("rose", "fell"),
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("higher", "lower"),
    ("support", "oppose"),
    ("supported", "opposed"),
    ("legal", "illegal"),
    ("guilty", "innocent"),
    ("allowed", "banned"),
    ("open", "closed"),
    ("first", "last"),
    ("largest", "smallest"),
    ("biggest", "smallest"),
    ("highest", "lowest"),
    ("confirmed", "denied"),
    ("strong", "weak"),
];

/// Phrase swaps for [`DistortionKind::FunctionAntonym`].
const FUNCTION_SWAPS: &[(&str, &str)] = &[
    ("before", "after"),
    ("at least", "at most"),
    ("more than", "fewer than"),
    ("above", "below"),
    ("over", "under"),
];

/// Places a place may be swapped for when the story names only one.
const FALLBACK_PLACES: &[&str] = &["Canada", "France", "Germany", "Brazil", "Japan"];

/// Country and capital names recognised as places (general knowledge).
const PLACES: &[&str] = &[
    "Russia",
    "Moscow",
    "Ukraine",
    "Kyiv",
    "Kiev",
    "China",
    "Beijing",
    "Britain",
    "London",
    "France",
    "Paris",
    "Germany",
    "Berlin",
    "Turkey",
    "Ankara",
    "Istanbul",
    "Israel",
    "Jerusalem",
    "Iran",
    "Tehran",
    "Japan",
    "Tokyo",
    "India",
    "Delhi",
    "Syria",
    "Damascus",
    "Egypt",
    "Cairo",
    "Pakistan",
    "Poland",
    "Italy",
    "Rome",
    "Spain",
    "Madrid",
    "Canada",
    "Ottawa",
    "Toronto",
    "Montreal",
    "Mexico",
    "Brazil",
    "Australia",
    "Iraq",
    "Baghdad",
    "Afghanistan",
    "Thailand",
    "Bangkok",
    "Ireland",
    "Dublin",
    "Chicago",
    "Dallas",
    "Boston",
    "Philadelphia",
    "Washington",
    "New York",
    "California",
    "Texas",
    "Illinois",
    "Indiana",
    "Idaho",
    "Scotland",
    "Wales",
    "England",
    "Europe",
    "Africa",
    "Asia",
    "Saudi Arabia",
    "Riyadh",
    "Dubai",
    "Abu Dhabi",
    "New Zealand",
    "Wellington",
    "Philippines",
    "Algeria",
    "Mosul",
    "Geneva",
    "Brussels",
];

/// Words next to a name that make it a quote's speaker.
const SPEECH: &[&str] = &["said", "says", "told", "added", "according to"];

/// People of a story: the surnames of capitalised two-word names
/// (a capitalised first name, then a capitalised surname of 4+ letters)
/// found in `texts`, most frequent first.
pub fn story_people(texts: &[&str]) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for text in texts {
        let ws = corroborate_core::text::words(text);
        for k in 1..ws.len() {
            let (p, w) = (ws[k - 1].text, ws[k].text);
            let cap = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
            let gap = &text[ws[k - 1].end..ws[k].start];
            if gap == " "
                && cap(p)
                && p.len() >= 3
                && p.chars().skip(1).all(char::is_lowercase)
                && w.len() >= 4
                && cap(w)
                && w.chars().skip(1).all(char::is_lowercase)
                && !PLACES.contains(&w)
                && !PLACES.contains(&p)
                && corroborate_core::text::month_number(&w.to_lowercase()).is_none()
                && !corroborate_core::text::is_stopword(&p.to_lowercase())
            {
                *counts.entry(w.to_string()).or_insert(0) += 1;
            }
        }
    }
    // A person is referred to by surname alone somewhere ("Smith said"),
    // which the second word of "Wells Fargo" or "Prime Minister" never is.
    let alone = |w: &str| {
        texts.iter().any(|t| {
            find_word(t, 0, t.len(), w).into_iter().any(|a| {
                let before = t[..a].trim_end();
                let prev = before.rsplit([' ', '\n']).next().unwrap_or("");
                let prev_cap = prev.chars().next().is_some_and(char::is_uppercase);
                !before.is_empty() && (!prev_cap || prev.ends_with(['.', ',', ':']))
            })
        })
    };
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(w, _)| !corroborate_verify::lexicon::is_title(&w.to_lowercase()) && alone(w))
        // A word also written in lower case ("vote", "court") is a common
        // noun capitalised in a name of a thing, not a surname.
        .filter(|(w, _)| {
            let lower = w.to_lowercase();
            !texts
                .iter()
                .any(|t| !find_word(t, 0, t.len(), &lower).is_empty())
        })
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().map(|(w, _)| w).collect()
}

/// Places named in `texts` (from a general list), most frequent first.
pub fn story_places(texts: &[&str]) -> Vec<String> {
    let mut v: Vec<(usize, &str)> = PLACES
        .iter()
        .map(|p| {
            let n: usize = texts
                .iter()
                .map(|t| {
                    t.match_indices(p)
                        .filter(|(i, _)| is_word_boundary(t, *i, i + p.len()))
                        .count()
                })
                .sum();
            (n, *p)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    v.into_iter().map(|(_, p)| p.to_string()).collect()
}

/// Occurrences of `word` in `text[s..e]` on word boundaries.
fn find_word(text: &str, s: usize, e: usize, word: &str) -> Vec<usize> {
    text[s..e]
        .match_indices(word)
        .map(|(i, _)| s + i)
        .filter(|&a| is_word_boundary(text, a, a + word.len()))
        .collect()
}

/// Applies one distortion of `kind` to `text`, inside one of `regions`
/// (byte ranges; the whole text's lines when empty). `people` and
/// `places` are the story's (see [`story_people`], [`story_places`]).
/// `None` when the kind has no place to apply.
pub fn distort_one(
    text: &str,
    kind: DistortionKind,
    regions: &[(usize, usize)],
    people: &[String],
    places: &[String],
) -> Option<(String, Injection)> {
    let regions: Vec<(usize, usize)> = if regions.is_empty() {
        lines(text)
    } else {
        regions.to_vec()
    };
    let edit = regions
        .iter()
        .find_map(|&(s, e)| edit_in(text, s, e, kind, people, places))?;
    let (a, b, replacement) = edit;
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..a]);
    out.push_str(&replacement);
    out.push_str(&text[b..]);
    Some((
        out,
        Injection {
            kind: kind.as_str(),
            before: text[a..b].to_string(),
            after: replacement,
            offset: a,
        },
    ))
}

/// The first edit of `kind` in `text[s..e]`: `(start, end, replacement)`.
fn edit_in(
    text: &str,
    s: usize,
    e: usize,
    kind: DistortionKind,
    people: &[String],
    places: &[String],
) -> Option<(usize, usize, String)> {
    let swap_from = |pairs: &[(&str, &str)]| {
        for &(x, y) in pairs {
            for (from, to) in [(x, y), (y, x)] {
                if let Some(&a) = find_word(text, s, e, from).first() {
                    return Some((a, a + from.len(), to.to_string()));
                }
            }
        }
        None
    };
    match kind {
        DistortionKind::Antonym => swap_from(CONTENT_SWAPS),
        DistortionKind::FunctionAntonym => swap_from(FUNCTION_SWAPS),
        DistortionKind::Negation => {
            if let Some(&a) = find_word(text, s, e, "not").first() {
                // Remove an existing "not " (and its space).
                return text[a..]
                    .starts_with("not ")
                    .then(|| (a, a + 4, String::new()));
            }
            for aux in [
                "is", "was", "are", "were", "will", "would", "has", "had", "could",
            ] {
                if let Some(&a) = find_word(text, s, e, aux).first() {
                    let after = a + aux.len();
                    if text[after..].starts_with(' ') {
                        return Some((after, after, " not".to_string()));
                    }
                }
            }
            None
        }
        DistortionKind::Number => {
            let para = &text[s..e];
            standalone_numbers(para, &['$', '£', '€']).find_map(|(i, len)| {
                let digits = &para[i..i + len];
                let value: u64 = digits.parse().unwrap_or(0);
                let glued = para[i + len..].starts_with(char::is_alphabetic);
                let date_after = corroborate_core::text::words(&para[..i])
                    .last()
                    .is_some_and(|w| {
                        corroborate_core::text::month_number(&w.text.to_lowercase()).is_some()
                    });
                (!is_year_decimal_or_clock(digits, &para[i + len..])
                    && !glued
                    && !date_after
                    && value > 1)
                    .then(|| (s + i, s + i + len, (value * 3).to_string()))
            })
        }
        DistortionKind::Date => {
            let capitalised = |w: &str| {
                let mut name = w.to_string();
                name[..1].make_ascii_uppercase();
                name
            };
            let weekdays = corroborate_core::text::WEEKDAYS;
            for (k, d) in weekdays.iter().enumerate() {
                let d = capitalised(d);
                if let Some(&a) = find_word(text, s, e, &d).first() {
                    return Some((a, a + d.len(), capitalised(weekdays[(k + 2) % 7])));
                }
            }
            for m in corroborate_core::text::MONTHS {
                let name = capitalised(m);
                for a in find_word(text, s, e, &name) {
                    let after = &text[a + name.len()..e];
                    let Some(day) = after.strip_prefix(' ') else {
                        continue;
                    };
                    let len = day.find(|c: char| !c.is_ascii_digit()).unwrap_or(day.len());
                    let Ok(d) = day[..len].parse::<u32>() else {
                        continue;
                    };
                    if (1..=31).contains(&d) && len > 0 {
                        let start = a + name.len() + 1;
                        let nd = if d > 20 { d - 10 } else { d + 7 };
                        return Some((start, start + len, nd.to_string()));
                    }
                }
            }
            None
        }
        DistortionKind::Person | DistortionKind::Quote => {
            let quote = kind == DistortionKind::Quote;
            for p in people {
                for a in find_word(text, s, e, p) {
                    let before = text[s..a].trim_end();
                    let after = text[a + p.len()..e].trim_start();
                    let first_name_before = before
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
                    let speaker = SPEECH.iter().any(|v| {
                        before.ends_with(v)
                            || after.starts_with(v)
                            || (first_name_before && {
                                let b = before
                                    .rsplit_once(' ')
                                    .map(|x| x.0)
                                    .unwrap_or("")
                                    .trim_end();
                                b.ends_with(v)
                            })
                    });
                    let sentence_start = before.is_empty() || before.ends_with(['.', '"', '“']);
                    if speaker != quote || sentence_start {
                        continue;
                    }
                    let sentence = &text[s..e];
                    if let Some(other) = people
                        .iter()
                        .find(|o| *o != p && !sentence.contains(o.as_str()))
                    {
                        return Some((a, a + p.len(), other.clone()));
                    }
                }
            }
            None
        }
        DistortionKind::Place => {
            for p in places {
                for a in find_word(text, s, e, p) {
                    let before = text[s..a].trim_end();
                    if before.is_empty() || before.ends_with(['.', '"', '“']) {
                        continue;
                    }
                    let sentence = &text[s..e];
                    let other = places
                        .iter()
                        .map(String::as_str)
                        .chain(FALLBACK_PLACES.iter().copied())
                        .find(|o| {
                            // Another country, not a metonym of the same
                            // one (Paris for France changes no place).
                            let same_country = matches!(
                                (
                                    corroborate_verify::lexicon::country_of(&o.to_lowercase()),
                                    corroborate_verify::lexicon::country_of(&p.to_lowercase())
                                ),
                                (Some(x), Some(y)) if x == y
                            );
                            *o != p
                                && !same_country
                                && !sentence.contains(o)
                                && !p.contains(o)
                                && !o.contains(p.as_str())
                        });
                    if let Some(o) = other {
                        return Some((a, a + p.len(), o.to_string()));
                    }
                }
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distortions_change_only_their_words() {
        let text = "The council approved the plan on Monday.\nOfficials said the plan is popular.\nMayor Jan Smith spoke to 40 residents.\nLater Mr Smith left the room.";
        let (out, inj) = distort(text);
        let mut kinds: Vec<&str> = inj.iter().map(|i| i.kind).collect();
        kinds.sort_unstable();
        assert_eq!(kinds, ["antonym", "name", "negation", "number"]);
        assert!(out.contains("rejected"));
        assert!(out.contains("is not popular"));
        assert!(!out.contains(" 40 "));
        for i in &inj {
            assert!(out[i.offset..].starts_with(&i.after));
        }
    }
}
