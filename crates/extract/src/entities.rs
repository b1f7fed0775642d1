//! Named entities: found per sentence, merged across the story.
//!
//! In: the story's [`Article`]s. Out: a [`StoryEntities`] holding one
//! [`Entity`] per real-world referent (canonical name, kind, every spelling
//! seen, every mention) and, for other stages, each mention's byte span in
//! its article.
//!
//! Recognition is rule-based: runs of capitalised words (joined by
//! particles such as "al-", "bin", "de" and, after a cue word, "of"), with
//! leading titles, honorifics and demonyms peeled off and kept as the
//! person's role ("Ukrainian President Volodymyr Zelenskyy" → the name
//! "Volodymyr Zelenskyy", role president of Ukraine). A capitalised word at
//! the start of a sentence or a quote is only kept when it is a known name,
//! is followed by a speech verb, or is seen capitalised mid-sentence
//! elsewhere in the story.
//!
//! Merging, most certain first:
//! 1. same gazetteer key (exonyms: Kiev/Kyiv, Türkiye/Turkey) or same
//!    transliteration key (Erdoğan/Erdogan, Zelensky/Zelenskyy);
//! 2. full names with the same surname and compatible given names;
//! 3. surname-only mentions → the person with that surname mentioned last
//!    in the same article, else the one with that surname mentioned most in the story;
//! 4. misspellings (Medinsky/Medesky, Bondarev/Bondruff): proposed by
//!    edit distance or sound skeleton, accepted only when the kinds agree,
//!    given names (if both have one) agree and the two are not different
//!    gazetteer entries;
//! 5. role descriptions ("the Ukrainian leader") → the one person holding
//!    that role in the story, when exactly one does.
//!
//! Invariants: every mention span lies on `char` boundaries of its
//! article's text and inside its sentence; entity order and canonical
//! names are deterministic (no hash-map iteration order leaks out).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use corroborate_core::text::{fold, words, Word};
use corroborate_core::{Article, Entity, EntityKind, Mention};

use crate::gazetteer;
use crate::similarity::{letters, plausible_misspelling, translit_key};

/// Verbs of saying; a name next to one is a person.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "remarked",
    "noted",
    "insisted",
    "warned",
    "declared",
    "explained",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "continued",
    "replied",
    "argued",
    "claimed",
    "announced",
    "asked",
    "urged",
    "stressed",
    "emphasized",
    "emphasised",
    "acknowledged",
    "admitted",
    "conceded",
    "recalled",
    "suggested",
    "commented",
    "responded",
    "cautioned",
    "predicted",
    "vowed",
    "promised",
    "complained",
    "called",
    "described",
    "reiterated",
    "confirmed",
    "denied",
    "hailed",
    "claims",
    "warns",
    "insists",
    "admits",
    "advised",
    "notes",
    "stresses",
    "explains",
    "argues",
    "announces",
    "urges",
];

/// True for a folded verb of saying.
pub fn is_speech_verb(folded: &str) -> bool {
    SPEECH_VERBS.contains(&folded)
}

/// A role a person is introduced with ("Russian Foreign Minister").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Role {
    /// Country key (see [`gazetteer::nation_of`]), when given.
    pub nation: Option<String>,
    /// Folded title, e.g. "president", "foreign minister".
    pub title: String,
}

/// How sure the recogniser is about a mention's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    Weak = 1,
    Medium = 3,
    Strong = 9,
}

/// One name occurrence, before merging.
#[derive(Debug, Clone)]
struct Candidate {
    article: usize,
    sentence: usize,
    /// Byte span of the name (titles and possessive removed) in the article.
    start: usize,
    end: usize,
    tokens: Vec<String>,
    kind: EntityKind,
    strength: Strength,
    role: Option<Role>,
    /// Gazetteer key (`place:kyiv`, `org:nato`) when the name is known.
    known_key: Option<String>,
    /// Needs support elsewhere in the story to be kept (sentence-initial
    /// or headline word).
    needs_validation: bool,
}

impl Candidate {
    fn surface(&self) -> String {
        self.tokens.join(" ")
    }
    fn full_key(&self) -> String {
        if let Some(k) = &self.known_key {
            return k.clone();
        }
        let parts: Vec<String> = self.tokens.iter().map(|t| translit_key(t)).collect();
        format!("name:{}", parts.join(" "))
    }
}

/// A mention with its position, for stages that need spans (quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedMention {
    pub article: usize,
    pub sentence: usize,
    /// Byte offsets into the article's text.
    pub start: usize,
    pub end: usize,
    /// Index into [`StoryEntities::entities`].
    pub entity: usize,
    /// Surface text as written (a name, or a role like "the Russian leader").
    pub text: String,
    /// True for role descriptions resolved to a person.
    pub by_role: bool,
}

/// The entities of a story and where each is mentioned.
#[derive(Debug, Clone, Default)]
pub struct StoryEntities {
    pub entities: Vec<Entity>,
    /// Mentions of each article, in text order.
    pub mentions: Vec<Vec<LocatedMention>>,
    /// Roles each entity was introduced with (parallel to `entities`).
    pub roles: Vec<Vec<Role>>,
}

/// Finds and merges the entities of a story.
pub fn recognise(articles: &[Article]) -> StoryEntities {
    recognise_grouped(articles, None)
}

/// Like [`recognise`], but with each article's independent-source group
/// (`source_group[article]`, as computed by the align stage): canonical
/// names then count the groups using a spelling, so a copy does not vote
/// twice.
pub fn recognise_grouped(articles: &[Article], source_group: Option<&[usize]>) -> StoryEntities {
    let lowercase_words = lowercase_vocabulary(articles);
    let mut candidates = Vec::new();
    for (ai, article) in articles.iter().enumerate() {
        for sentence in &article.sentences {
            find_candidates(
                ai,
                sentence.index,
                &sentence.text,
                sentence.start,
                &mut candidates,
            );
        }
    }
    let candidates = validate(candidates, &lowercase_words);
    let clusters = cluster(&candidates, articles.len());
    let group_of = |article: usize| {
        source_group
            .and_then(|g| g.get(article).copied())
            .unwrap_or(article)
    };
    build(articles, &candidates, &clusters, &group_of)
}

/// Folded words that occur in lower case somewhere in the story: a
/// capitalised run made only of such words is a common phrase, not a name.
fn lowercase_vocabulary(articles: &[Article]) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for a in articles {
        for w in words(&a.text) {
            if w.text.chars().next().is_some_and(|c| c.is_lowercase()) {
                set.insert(fold(strip_possessive(w.text)));
            }
        }
    }
    set
}

fn strip_possessive(w: &str) -> &str {
    for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if !s.is_empty() {
                return s;
            }
        }
    }
    w
}

fn has_possessive(w: &str) -> bool {
    strip_possessive(w).len() != w.len()
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "de", "da", "del", "della", "di", "van", "von", "der", "den",
    "la", "le", "du", "dos", "das", "ben", "abu",
];

/// Words after which "of" continues a name ("Ministry of Defence").
fn takes_of(folded: &str) -> bool {
    gazetteer::is_organisation_head_cue(folded)
        || gazetteer::is_organisation_cue(folded)
        || gazetteer::is_place_cue(folded)
        || gazetteer::role_titles().contains(&folded)
        || matches!(
            folded,
            "republic" | "kingdom" | "united" | "states" | "isle" | "gulf" | "bay" | "duke"
        )
}

/// True when the text between two words is a plain space (no punctuation,
/// no line break), so they may belong to one name.
fn plain_gap(text: &str, a: &Word, b: &Word) -> bool {
    let gap = &text[a.end..b.start];
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')
}

/// True when the word stands where any word is capitalised: sentence
/// start, after an opening quote, a colon, a dash or a line break.
fn at_start_position(text: &str, ws: &[Word], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let gap = &text[ws[i - 1].end..ws[i].start];
    gap.chars().any(|c| {
        matches!(
            c,
            '"' | '\u{201c}'
                | '\u{2018}'
                | ':'
                | '\n'
                | '|'
                | '('
                | '\u{2014}'
                | '\u{2013}'
                | '.'
                | '?'
                | '!'
                | '\''
        )
    })
}

/// True when most words of the sentence are capitalised (a headline or a
/// title in Title Case): then capitalisation says nothing.
fn is_headline(ws: &[Word]) -> bool {
    let alpha: Vec<&Word> = ws
        .iter()
        .filter(|w| w.text.chars().next().is_some_and(|c| c.is_alphabetic()))
        .collect();
    if alpha.len() < 4 {
        return false;
    }
    let caps = alpha.iter().filter(|w| is_capitalised(w.text)).count();
    if caps == alpha.len()
        && alpha
            .iter()
            .all(|w| w.text.chars().all(|c| !c.is_lowercase()))
    {
        return true; // ALL CAPS
    }
    // Title Case capitalises function words ("Sends Team To Talks");
    // prose dense with names ("Trump met Putin in Helsinki") does not.
    let capitalised_function_word = alpha
        .iter()
        .skip(1)
        .any(|w| is_capitalised(w.text) && corroborate_core::text::is_stopword(&fold(w.text)));
    caps * 10 >= alpha.len() * 7 && capitalised_function_word
}

/// Matches the longest role title starting at word `k` (folded words),
/// not going past `last`. Returns the title and its length in words.
fn match_role(folded: &[String], k: usize, last: usize) -> Option<(String, usize)> {
    let mut best: Option<(String, usize)> = None;
    for title in gazetteer::role_titles() {
        let parts: Vec<&str> = title.split(' ').collect();
        if k + parts.len() - 1 > last {
            continue;
        }
        if parts
            .iter()
            .enumerate()
            .all(|(o, p)| folded[k + o].trim_end_matches('.') == *p)
            && best.as_ref().is_none_or(|(_, l)| parts.len() > *l)
        {
            best = Some((title.to_string(), parts.len()));
        }
    }
    best
}

/// Longest run of capitalised words looked at as one name ("Ministry of
/// Foreign Affairs of the Russian Federation" is eight); a longer run is
/// cut into runs of this length.
const MAX_RUN_WORDS: usize = 12;

/// Finds name candidates in one sentence.
fn find_candidates(
    article: usize,
    sentence: usize,
    text: &str,
    offset: usize,
    out: &mut Vec<Candidate>,
) {
    let ws = words(text);
    if ws.is_empty() {
        return;
    }
    let folded: Vec<String> = ws.iter().map(|w| fold(strip_possessive(w.text))).collect();
    let headline = is_headline(&ws);
    let mut i = 0;
    while i < ws.len() {
        if !is_capitalised(ws[i].text) {
            i += 1;
            continue;
        }
        // Grow the run of capitalised words (at most MAX_RUN_WORDS: the
        // longest names are far shorter, and the run's analysis grows
        // with the square of its length).
        let mut j = i;
        while !has_possessive(ws[j].text) && !headline && j + 2 - i < MAX_RUN_WORDS {
            if j + 1 < ws.len() && is_capitalised(ws[j + 1].text) {
                let gap = &text[ws[j].end..ws[j + 1].start];
                // "Bre-X", "Al-Ain": a hyphen joins when one side is a
                // fragment; "Russia-Ukraine" stays two names.
                let short_side =
                    ws[j].text.chars().count() <= 3 || ws[j + 1].text.chars().count() <= 2;
                // Double-barrelled personal names: after a given name
                // ("Karine Jean-Pierre") or starting with one ("Jean-Luc").
                let personal = (j > i || gazetteer::is_first_name(&folded[j]))
                    && known_key(&folded[j]).is_none()
                    && known_key(&folded[j + 1]).is_none();
                if plain_gap(text, &ws[j], &ws[j + 1]) || (gap == "-" && (short_side || personal)) {
                    j += 1;
                    continue;
                }
            }
            if j + 2 < ws.len() && is_capitalised(ws[j + 2].text) {
                let connector = folded[j + 1].as_str();
                let gap_left = &text[ws[j].end..ws[j + 1].start];
                let gap_right = &text[ws[j + 1].end..ws[j + 2].start];
                let particle = PARTICLES.contains(&connector)
                    && !ws[j + 1].text.starts_with(char::is_uppercase);
                let of =
                    connector == "of" && takes_of(&folded[j]) && !has_possessive(ws[j + 2].text);
                // "Mines and Energy Ministry", "Trust & Banking Co": "and"
                // inside an organisation name that ends in a cue word.
                let and_in_org = (connector == "and" || gap_left.contains('&'))
                    && !gazetteer::is_organisation_cue(&folded[j])
                    && (j + 2..ws.len().min(j + 6))
                        .take_while(|&k| is_capitalised(ws[k].text))
                        .any(|k| gazetteer::is_organisation_cue(&folded[k]));
                if (particle || of || and_in_org)
                    && plain_gap(text, &ws[j], &ws[j + 1])
                    && (gap_right == " " || (particle && gap_right == "-"))
                    && !gap_left.is_empty()
                {
                    j += 2;
                    continue;
                }
                if gap_left.trim() == "&" && plain_gap(text, &ws[j], &ws[j + 1]) {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        let run_start_is_sentence_start = at_start_position(text, &ws, i);
        // "EPA Vice Minister Shimpei Nukaya", "Energy Ministry Secretary":
        // a role title inside the run splits off what stands before it.
        let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
        let mut from = i;
        let mut p = i + 1;
        while p <= j {
            if let Some((_, len)) = match_role(&folded, p, j) {
                let mut cut = p;
                while cut > from + 1
                    && matches!(
                        folded[cut - 1].as_str(),
                        "vice" | "deputy" | "acting" | "assistant" | "first" | "senior"
                    )
                {
                    cut -= 1;
                }
                let before_known = known_key(&folded[from..cut].join(" ")).is_some()
                    || gazetteer::is_organisation_cue(&folded[cut - 1])
                    || ws[from..cut].iter().all(|w| {
                        w.text
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase)
                    });
                if cut > from && before_known && !gazetteer::is_demonym(&folded[from]) {
                    pieces.push((from, cut - 1, from == i && run_start_is_sentence_start));
                    if p + len > j {
                        // Only a title after the name: "Ministry Secretary".
                        from = j + 1;
                        break;
                    }
                    from = cut;
                    p += len;
                    continue;
                }
            }
            p += 1;
        }
        if from <= j {
            pieces.push((from, j, from == i && run_start_is_sentence_start));
        }
        for (a, b, at_start) in pieces {
            if let Some(c) = analyse_run(
                article,
                sentence,
                text,
                offset,
                &ws,
                &folded,
                a,
                b,
                at_start || headline,
            ) {
                out.push(c);
            }
        }
        i = j + 1;
    }
}

/// Turns a run of capitalised words `ws[i..=j]` into a candidate, peeling
/// titles off and guessing the kind.
#[allow(clippy::too_many_arguments)]
fn analyse_run(
    article: usize,
    sentence: usize,
    text: &str,
    offset: usize,
    ws: &[Word],
    folded: &[String],
    i: usize,
    j: usize,
    at_start: bool,
) -> Option<Candidate> {
    let mut k = i;
    // Leading "The" and other function words never belong to a name.
    while k <= j && (folded[k] == "the" || folded[k] == "a") {
        k += 1;
    }
    // A run made only of articles ("… in Paris. The") names nothing.
    if k > j {
        return None;
    }
    let mut role: Option<Role> = None;
    let mut person_cue = false;
    let mut nation: Option<String> = None;
    let known_whole = known_key(&folded[k..=j].join(" "));
    let ends_with_org_cue = gazetteer::is_organisation_cue(&folded[j]);
    if known_whole.is_none() && !ends_with_org_cue {
        // Peel titles, honorifics, demonyms and sentence-initial words.
        while k <= j {
            if let Some((title, len)) = match_role(folded, k, j) {
                if k + len <= j {
                    role = Some(Role {
                        nation: nation.clone(),
                        title,
                    });
                    person_cue = true;
                    k += len;
                    continue;
                }
                return None; // only a title ("the Ukrainian President")
            }
            if gazetteer::is_honorific(&folded[k]) {
                person_cue = true;
                k += 1;
                continue;
            }
            if matches!(
                folded[k].as_str(),
                "vice" | "deputy" | "acting" | "assistant"
            ) && k < j
                && match_role(folded, k + 1, j).is_some()
            {
                k += 1;
                continue;
            }
            if k < j && gazetteer::is_demonym(&folded[k]) {
                nation = gazetteer::nation_of(&folded[k]);
                k += 1;
                continue;
            }
            // "New York", "West Bank": never peel the start of a known name.
            let starts_known = (k..=j).any(|m| known_key(&folded[k..=m].join(" ")).is_some());
            if !starts_known && (folded[k] == "former" || gazetteer::is_non_name_word(&folded[k])) {
                k += 1;
                continue;
            }
            break;
        }
    }
    if k > j {
        return None;
    }
    // Trailing particles or "of" cannot end a name.
    let mut end = j;
    while end > k && (folded[end] == "of" || PARTICLES.contains(&folded[end].as_str())) {
        end -= 1;
    }
    // "Duncan Garner Friday", "Sao Paulo March": a day or month after a
    // name is the date, not the name ("Theresa May", "Harper Lee" keep
    // theirs: months that are names are never peeled).
    while end > k + 1
        && (gazetteer::weekday_number(&folded[end]).is_some()
            || matches!(
                folded[end].as_str(),
                "january"
                    | "february"
                    | "march"
                    | "september"
                    | "october"
                    | "november"
                    | "december"
            ))
    {
        end -= 1;
    }
    let name_folded: Vec<&str> = folded[k..=end].iter().map(String::as_str).collect();
    let joined = name_folded.join(" ");
    if name_folded.len() == 1 && known_key(&joined).is_none() {
        let w = name_folded[0];
        if gazetteer::is_demonym(w)
            || gazetteer::weekday_number(w).is_some()
            || gazetteer::month_number(w).is_some()
            || gazetteer::is_non_name_word(w)
            || w.chars().all(|c| c.is_ascii_digit())
            || w.chars().count() < 2
            || gazetteer::is_organisation_cue(w)
            || gazetteer::is_place_cue(w)
        {
            return None;
        }
    }
    // Role given just before the run in lower case ("envoy Steve Witkoff",
    // "spokeswoman Maria Zakharova"), with a nation a few words back.
    if role.is_none() && i > 0 {
        let lower_start = i.saturating_sub(3);
        for s in lower_start..i {
            if ws[s].text.starts_with(char::is_uppercase) && !gazetteer::is_demonym(&folded[s]) {
                continue;
            }
            if let Some((title, len)) = match_role(folded, s, i - 1) {
                if s + len == i {
                    let nation = (i.saturating_sub(6)..s).rev().find_map(|t| {
                        (gazetteer::is_demonym(&folded[t]) || has_possessive(ws[t].text))
                            .then(|| gazetteer::nation_of(&folded[t]))
                            .flatten()
                    });
                    role = Some(Role { nation, title });
                    person_cue = true;
                    break;
                }
            }
        }
    }
    // "Russia's President Vladimir Putin": the nation is the possessive
    // before the title.
    if let Some(r) = role.as_mut() {
        if r.nation.is_none() && i > 0 && has_possessive(ws[i - 1].text) {
            r.nation = gazetteer::place_key(&folded[i - 1]);
        }
        if r.nation.is_none() {
            r.nation = nation.clone();
        }
    }
    // Tokens as written; words joined by a hyphen stay one token ("Bre-X").
    let mut tokens: Vec<String> = Vec::new();
    for t in k..=end {
        let w = strip_possessive(ws[t].text);
        match tokens.last_mut() {
            Some(last) if t > k && &text[ws[t - 1].end..ws[t].start] == "-" => {
                last.push('-');
                last.push_str(w);
            }
            _ => tokens.push(w.to_string()),
        }
    }
    let start = offset + ws[k].start;
    let mut end_byte = offset + ws[end].start + strip_possessive(ws[end].text).len();
    // "U.S." keeps its final period (the word splitter drops it).
    let last_word = strip_possessive(ws[end].text);
    if last_word.contains('.')
        && last_word.chars().all(|c| c.is_alphabetic() || c == '.')
        && text[ws[end].end..].starts_with('.')
        && !has_possessive(ws[end].text)
    {
        end_byte += 1;
        if let Some(t) = tokens.last_mut() {
            t.push('.');
        }
    }
    let next_is_speech = ws
        .get(end + 1)
        .is_some_and(|w| is_speech_verb(&fold(w.text)))
        && !has_possessive(ws[end].text);
    // `," said Mr X`: only right after a closing quote or comma; "sources
    // said Bre-X and Barrick did" names no speaker.
    let prev_is_speech = k > 0
        && k == i
        && is_speech_verb(&folded[k - 1])
        && k >= 2
        && text[ws[k - 2].end..ws[k - 1].start]
            .chars()
            .any(|c| matches!(c, ',' | '"' | '\u{201d}' | '\u{2019}'));

    let described = tokens.len() > 1 && described_as_one(text, ws[end].end);
    let known = known_key(&joined);
    let (kind, strength) = if let Some(key) = &known {
        if key.starts_with("place:") {
            (EntityKind::Place, Strength::Strong)
        } else {
            (EntityKind::Organization, Strength::Strong)
        }
    } else if gazetteer::is_organisation_cue(name_folded[name_folded.len() - 1])
        // "Ministry of Defence", "Illinois Department of Public Health".
        || name_folded
            .windows(2)
            .any(|w| gazetteer::is_organisation_head_cue(w[0]) && w[1] == "of")
    {
        (EntityKind::Organization, Strength::Strong)
    } else if name_folded.len() > 1
        && (gazetteer::is_place_cue(name_folded[name_folded.len() - 1])
            || matches!(
                name_folded[0],
                "north"
                    | "south"
                    | "east"
                    | "west"
                    | "northern"
                    | "southern"
                    | "eastern"
                    | "western"
                    | "central"
                    | "upper"
                    | "lower"
                    | "lake"
                    | "mount"
                    | "cape"
                    | "fort"
            ))
    {
        (EntityKind::Place, Strength::Strong)
    } else if person_cue || (name_folded.len() > 1 && gazetteer::is_first_name(name_folded[0])) {
        (EntityKind::Person, Strength::Strong)
    } else if name_folded.len() == 1
        && tokens[0].chars().count() <= 6
        && tokens[0]
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
        && tokens[0].chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !(at_start && is_headline_word(ws, i))
    {
        // An acronym: organisations far outnumber people and places here.
        (EntityKind::Organization, Strength::Medium)
    } else if next_is_speech || prev_is_speech || described {
        (EntityKind::Person, Strength::Medium)
    } else if tokens.len() > 1 {
        (EntityKind::Person, Strength::Weak)
    } else {
        (EntityKind::Other, Strength::Weak)
    };
    let cue_ended = tokens.len() > 1
        && (kind == EntityKind::Organization || kind == EntityKind::Place)
        && strength == Strength::Strong;
    let needs_validation = at_start
        && k == i
        && known.is_none()
        && !person_cue
        && !cue_ended
        && !next_is_speech
        && !(described && kind == EntityKind::Person)
        && !(name_folded.len() > 1 && gazetteer::is_first_name(name_folded[0]));
    Some(Candidate {
        article,
        sentence,
        start,
        end: end_byte,
        tokens,
        kind,
        strength,
        role,
        known_key: known,
        needs_validation,
    })
}

/// True when the whole sentence is in capitals (a wire headline), where an
/// all-caps word is not an acronym.
fn is_headline_word(ws: &[Word], _i: usize) -> bool {
    let letters: Vec<char> = ws
        .iter()
        .flat_map(|w| w.text.chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    letters.len() > 12 && letters.iter().all(|c| c.is_uppercase())
}

/// Gazetteer key of a folded name, `place:…` or `org:…`.
fn known_key(folded_name: &str) -> Option<String> {
    if folded_name.is_empty() {
        return None;
    }
    if let Some(k) = gazetteer::place_key(folded_name) {
        return Some(format!("place:{k}"));
    }
    gazetteer::organisation_key(folded_name).map(|k| format!("org:{k}"))
}

/// Drops sentence-initial and headline candidates that nothing else in the
/// story supports, and demotes weak "persons" made of common words.
fn validate(candidates: Vec<Candidate>, lowercase_words: &BTreeSet<String>) -> Vec<Candidate> {
    let supported: BTreeSet<String> = candidates
        .iter()
        .filter(|c| !c.needs_validation)
        .flat_map(|c| {
            let mut keys = vec![c.full_key()];
            keys.extend(c.tokens.iter().map(|t| translit_key(t)));
            keys
        })
        .collect();
    // Surnames of people named in full: a sentence-initial word that looks
    // like a misspelling of one ("Medesky also said") is a name too.
    let surnames: BTreeSet<String> = candidates
        .iter()
        .filter(|c| !c.needs_validation && c.tokens.len() > 1 && c.kind == EntityKind::Person)
        .filter_map(|c| c.tokens.last().cloned())
        .collect();
    candidates
        .into_iter()
        .filter_map(|mut c| {
            // "I'm", "We're", "I’d": a pronoun with its verb, never a name.
            if c.tokens.len() == 1 && is_pronoun_contraction(&c.tokens[0]) {
                return None;
            }
            // "Experts said", "Critics say", "Authorities said": a common
            // word (the story writes it in lower case elsewhere, or its
            // singular) before a verb of saying is no person. A capital
            // inside the word ("LinkedIn", "McCain") is a name's, whatever
            // a URL writes in lower case.
            if c.tokens.len() == 1
                && c.kind == EntityKind::Person
                && c.known_key.is_none()
                && !c.tokens[0].chars().skip(1).any(char::is_uppercase)
            {
                let f = fold(&c.tokens[0]);
                let singular = f.strip_suffix('s').filter(|s| s.len() > 2);
                if lowercase_words.contains(&f)
                    || singular.is_some_and(|s| lowercase_words.contains(s))
                {
                    return None;
                }
            }
            if c.needs_validation {
                let key = c.full_key();
                let single_supported = c.tokens.len() == 1
                    && (supported.contains(&translit_key(&c.tokens[0]))
                        || (!lowercase_words.contains(&fold(&c.tokens[0]))
                            && surnames
                                .iter()
                                .any(|s| plausible_misspelling(s, &c.tokens[0]))));
                if !supported.contains(&key) && !single_supported {
                    return None;
                }
            }
            if c.known_key.is_none() && c.strength == Strength::Weak {
                let common = c
                    .tokens
                    .iter()
                    .any(|t| lowercase_words.contains(&fold(t)) && t.chars().count() > 1);
                if common {
                    if c.kind == EntityKind::Person {
                        c.kind = EntityKind::Other;
                    }
                    if c.tokens.len() == 1 && lowercase_words.contains(&fold(&c.tokens[0])) {
                        // A capitalised common word ("Video", "Negotiations").
                        return None;
                    }
                }
            }
            Some(c)
        })
        .collect()
}

/// Clusters of candidate indices; `assign[c]` is the cluster of candidate `c`.
struct Clusters {
    assign: Vec<usize>,
    count: usize,
}

/// Union-find over cluster ids.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let next = self.0[y];
            self.0[y] = r;
            y = next;
        }
        r
    }
    /// Joins the two sets, keeping the smaller root id as representative.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.0[hi] = lo;
        }
    }
}

/// Summary of a group of candidates with one exact key.
struct Group {
    members: Vec<usize>,
    tokens: Vec<String>,
    kind_scores: BTreeMap<u8, u32>,
    known_key: Option<String>,
    articles: BTreeSet<usize>,
}

fn kind_code(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Place => 2,
        EntityKind::Other => 3,
    }
}

fn kind_from_code(c: u8) -> EntityKind {
    match c {
        0 => EntityKind::Person,
        1 => EntityKind::Organization,
        2 => EntityKind::Place,
        _ => EntityKind::Other,
    }
}

/// Dominant kind of a set of scores; ties go to the lower code (person first).
fn dominant_kind(scores: &BTreeMap<u8, u32>) -> EntityKind {
    let mut best = (3u8, 0u32);
    for (&k, &s) in scores {
        // `Other` only wins when nothing else was said.
        let s_eff = if k == 3 { s / 4 } else { s };
        if s_eff > best.1 || (s_eff == best.1 && k < best.0) {
            best = (k, s_eff);
        }
    }
    kind_from_code(best.0)
}

/// Kinds that may be one entity: equal, or one side only guessed `Other`.
fn kinds_compatible(a: EntityKind, b: EntityKind) -> bool {
    a == b || a == EntityKind::Other || b == EntityKind::Other
}

/// How many name groups (distinct spellings, most mentioned first) take
/// part in the pairwise misspelling and same-surname comparisons: a story
/// names a few hundred, while a text naming a different person in every
/// line would make those comparisons quadratic. Groups beyond it still
/// merge by exact and transliteration keys.
const MAX_FUZZY_GROUPS: usize = 1500;

/// Merges candidates into clusters (see the module doc for the order).
fn cluster(candidates: &[Candidate], article_count: usize) -> Clusters {
    // 1. Exact keys.
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = vec![0usize; candidates.len()];
    for (ci, c) in candidates.iter().enumerate() {
        let key = c.full_key();
        let gi = *by_key.entry(key).or_insert_with(|| {
            groups.push(Group {
                members: Vec::new(),
                tokens: c.tokens.clone(),
                kind_scores: BTreeMap::new(),
                known_key: c.known_key.clone(),
                articles: BTreeSet::new(),
            });
            groups.len() - 1
        });
        let g = &mut groups[gi];
        g.members.push(ci);
        *g.kind_scores.entry(kind_code(c.kind)).or_default() += (c.strength as u32).pow(2);
        g.articles.insert(c.article);
        group_of[ci] = gi;
    }
    let kinds: Vec<EntityKind> = groups
        .iter()
        .map(|g| dominant_kind(&g.kind_scores))
        .collect();
    let mut uf = UnionFind::new(groups.len());
    // Only the most mentioned groups take part in the pairwise (fuzzy)
    // comparisons below; see MAX_FUZZY_GROUPS.
    let fuzzy_ok: Vec<bool> = {
        let mut by_mentions: Vec<usize> = (0..groups.len()).collect();
        by_mentions.sort_by_key(|&g| (std::cmp::Reverse(groups[g].members.len()), g));
        let mut ok = vec![false; groups.len()];
        for &g in by_mentions.iter().take(MAX_FUZZY_GROUPS) {
            ok[g] = true;
        }
        ok
    };

    // 2. Full names with one surname and compatible given names: compared
    // within groups of equal surname key only (a different surname never
    // matches), the most mentioned MAX_FUZZY_GROUPS of each.
    let multi: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].tokens.len() > 1 && kinds[g] == EntityKind::Person)
        .collect();
    let mut by_surname: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &g in &multi {
        let surname = groups[g].tokens.last().map(String::as_str).unwrap_or("");
        by_surname.entry(translit_key(surname)).or_default().push(g);
    }
    for bucket in by_surname.values_mut() {
        if bucket.len() > MAX_FUZZY_GROUPS {
            bucket.sort_by_key(|&g| (std::cmp::Reverse(groups[g].members.len()), g));
            bucket.truncate(MAX_FUZZY_GROUPS);
            bucket.sort_unstable();
        }
        for (x, &a) in bucket.iter().enumerate() {
            for &b in &bucket[x + 1..] {
                if same_person_names(&groups[a].tokens, &groups[b].tokens, false) {
                    uf.union(a, b);
                }
            }
        }
    }
    // 4a. Misspelt full names and misspelt multi-word places/organisations.
    let all_multi: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].tokens.len() > 1 && fuzzy_ok[g])
        .collect();
    for (x, &a) in all_multi.iter().enumerate() {
        for &b in &all_multi[x + 1..] {
            if uf.find(a) == uf.find(b) || !kinds_compatible(kinds[a], kinds[b]) {
                continue;
            }
            // Known names differ from each other, and their spellings are
            // all in the gazetteer: no guessing.
            if groups[a].known_key.is_some() || groups[b].known_key.is_some() {
                continue;
            }
            let similar = if kinds[a] == EntityKind::Person && kinds[b] == EntityKind::Person {
                same_person_names(&groups[a].tokens, &groups[b].tokens, true)
            } else {
                same_shape_misspelt(&groups[a].tokens, &groups[b].tokens)
            };
            if similar && rare_enough(&groups[a], &groups[b], article_count) {
                uf.union(a, b);
            }
        }
    }

    // Person surnames, for single-token mentions.
    let mut surname_owners: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for &g in &multi {
        let root = uf.find(g);
        let surname = translit_key(groups[g].tokens.last().map(String::as_str).unwrap_or(""));
        surname_owners.entry(surname).or_default().insert(root);
    }
    // The same for the groups that take part in fuzzy comparisons, and
    // each owner's first surname (for look-ups by owner).
    let mut fuzzy_surnames: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for &g in multi.iter().filter(|&&g| fuzzy_ok[g]) {
        let surname = translit_key(groups[g].tokens.last().map(String::as_str).unwrap_or(""));
        fuzzy_surnames
            .entry(surname)
            .or_default()
            .insert(uf.find(g));
    }
    let mut surname_of_owner: BTreeMap<usize, &String> = BTreeMap::new();
    for (surname, owners) in &surname_owners {
        for &o in owners {
            surname_of_owner.entry(o).or_insert(surname);
        }
    }
    // 3b. A single word that starts a multi-word organisation name is that
    // organisation ("Barrick" → "Barrick Gold Corp"), unless it was firmly
    // typed as something else.
    let mut org_heads: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        if group.tokens.len() > 1 && kinds[g] == EntityKind::Organization {
            org_heads
                .entry(translit_key(&group.tokens[0]))
                .or_default()
                .insert(g);
        }
    }
    for (g, group) in groups.iter().enumerate() {
        if group.tokens.len() != 1 || group.known_key.is_some() {
            continue;
        }
        let firm = group.members.iter().any(|&c| {
            candidates[c].strength == Strength::Strong
                && candidates[c].kind != EntityKind::Organization
        });
        if let Some(owners) = org_heads.get(&translit_key(&group.tokens[0])) {
            let roots: BTreeSet<usize> = owners.iter().map(|&o| uf.find(o)).collect();
            if roots.len() == 1 && !firm {
                uf.union(g, *roots.iter().next().unwrap_or(&g));
            }
        }
    }
    // Kinds again, now voted over each merged set.
    let mut merged_scores: BTreeMap<usize, BTreeMap<u8, u32>> = BTreeMap::new();
    for (h, group) in groups.iter().enumerate() {
        let scores = merged_scores.entry(uf.find(h)).or_default();
        for (&k, &s) in &group.kind_scores {
            *scores.entry(k).or_default() += s;
        }
    }
    let kinds: Vec<EntityKind> = (0..groups.len())
        .map(|g| {
            merged_scores
                .get(&uf.find(g))
                .map(dominant_kind)
                .unwrap_or(kinds[g])
        })
        .collect();

    // 4b. Single tokens that look like a misspelt surname or place.
    let singles: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].tokens.len() == 1 && fuzzy_ok[g])
        .collect();

    let mut single_target: HashMap<usize, usize> = HashMap::new();
    for &s in &singles {
        let key = translit_key(&groups[s].tokens[0]);
        if groups[s].known_key.is_some() || surname_owners.contains_key(&key) {
            continue;
        }
        if kinds[s] != EntityKind::Person && kinds[s] != EntityKind::Other {
            continue;
        }
        let mut options: BTreeSet<usize> = BTreeSet::new();
        for (surname, owners) in &fuzzy_surnames {
            for &owner in owners {
                let owner_kind = kinds[owner];
                if kinds_compatible(owner_kind, kinds[s])
                    && surname.chars().next() == key.chars().next()
                    && plausible_misspelling(surname, &key)
                    && rare_enough(&groups[s], &groups[owner], article_count)
                {
                    options.insert(owner);
                }
            }
        }
        for &other in &singles {
            if other == s
                || groups[other].members.len() <= groups[s].members.len()
                || surname_owners.contains_key(&translit_key(&groups[other].tokens[0]))
            {
                continue;
            }
            if kinds_compatible(kinds[other], kinds[s])
                && groups[other].known_key.is_none()
                && plausible_misspelling(&groups[s].tokens[0], &groups[other].tokens[0])
                && rare_enough(&groups[s], &groups[other], article_count)
            {
                options.insert(uf.find(other));
            }
        }
        if options.len() == 1 {
            single_target.insert(s, *options.iter().next().unwrap_or(&s));
        }
    }
    for (&s, &t) in &single_target {
        if surname_of_owner.contains_key(&t) {
            // A misspelt surname: resolved per mention below like a surname.
            continue;
        }
        uf.union(s, t);
    }

    let mut mention_count = vec![0usize; groups.len()];
    for (h, group) in groups.iter().enumerate() {
        mention_count[uf.find(h)] += group.members.len();
    }
    // 3. Per mention: surnames (exact or misspelt) → the person last named
    // in the same article, else the most mentioned person with that surname.
    let mut assign = vec![0usize; candidates.len()];
    let mut last_root_for_surname: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&c| (candidates[c].article, candidates[c].start));
    for ci in order {
        let c = &candidates[ci];
        let g = group_of[ci];
        let mut root = uf.find(g);
        if c.tokens.len() > 1 && kinds[g] == EntityKind::Person {
            let surname = translit_key(c.tokens.last().map(String::as_str).unwrap_or(""));
            last_root_for_surname.insert((c.article, surname), root);
        } else if c.tokens.len() == 1 && c.known_key.is_none() {
            let key = translit_key(&c.tokens[0]);
            let surname = if surname_owners.contains_key(&key) {
                Some(key)
            } else {
                single_target
                    .get(&g)
                    .and_then(|t| surname_of_owner.get(t).map(|s| (*s).clone()))
            };
            if let Some(surname) = surname {
                if let Some(&r) = last_root_for_surname.get(&(c.article, surname.clone())) {
                    root = uf.find(r);
                } else if let Some(owners) = surname_owners.get(&surname) {
                    // Not named in this article: the person with that surname
                    // mentioned most in the story (a bare surname refers to
                    // the main figure), ties to the first seen.
                    let roots: BTreeSet<usize> = owners.iter().map(|&o| uf.find(o)).collect();
                    let best = roots
                        .iter()
                        .max_by(|a, b| mention_count[**a].cmp(&mention_count[**b]).then(b.cmp(a)))
                        .copied();
                    if let Some(best) =
                        best.filter(|_| kinds_compatible(kinds[g], EntityKind::Person))
                    {
                        root = best;
                    }
                }
            }
        }
        assign[ci] = root;
    }
    // Renumber roots densely in first-seen order.
    let mut dense: BTreeMap<usize, usize> = BTreeMap::new();
    for a in assign.iter_mut() {
        let n = dense.len();
        *a = *dense.entry(*a).or_insert(n);
    }
    Clusters {
        assign,
        count: dense.len(),
    }
}

/// A misspelling merge is only believable when the rarer spelling is not
/// itself widespread: it may occur in at most half the articles.
fn rare_enough(a: &Group, b: &Group, article_count: usize) -> bool {
    let rarer = a.articles.len().min(b.articles.len());
    article_count <= 2 || rarer * 2 <= article_count
}

/// Same person? Surnames must be one name (equal keys, or a plausible
/// misspelling when `fuzzy`); given names must agree where both are
/// present: equal keys, an initial, or (when `fuzzy`) a plausible
/// misspelling. "Vladimir Putin" and "Vladimir Medinsky" differ in
/// surname; "Marcello Cuttitta" and "Massimo Cuttitta" in given name.
fn same_person_names(a: &[String], b: &[String], fuzzy: bool) -> bool {
    let (sa, sb) = (&a[a.len() - 1], &b[b.len() - 1]);
    let surname_ok =
        translit_key(sa) == translit_key(sb) || (fuzzy && plausible_misspelling(sa, sb));
    if !surname_ok {
        return false;
    }
    let (ga, gb) = (&a[..a.len() - 1], &b[..b.len() - 1]);
    let (short, long) = if ga.len() <= gb.len() {
        (ga, gb)
    } else {
        (gb, ga)
    };
    short.iter().all(|s| {
        let ks = translit_key(s);
        long.iter().any(|l| {
            let kl = translit_key(l);
            kl == ks
                || (ks.chars().count() == 1 && kl.starts_with(&ks))
                || (fuzzy && plausible_misspelling(s, l))
        })
    })
}

/// Same number of words, identical cue words, other words plausibly one
/// misspelt ("Dormabach Palace" / "Dolmabahçe Palace").
fn same_shape_misspelt(a: &[String], b: &[String]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut differing = 0;
    for (x, y) in a.iter().zip(b) {
        let (fx, fy) = (letters(x), letters(y));
        if fx == fy {
            continue;
        }
        if !plausible_misspelling(x, y) {
            return false;
        }
        differing += 1;
    }
    differing >= 1
}

/// Builds the public entities, resolves role descriptions, and orders
/// everything deterministically.
fn build(
    articles: &[Article],
    candidates: &[Candidate],
    clusters: &Clusters,
    group_of: &dyn Fn(usize) -> usize,
) -> StoryEntities {
    struct Acc {
        members: Vec<usize>,
        kind_scores: BTreeMap<u8, u32>,
        roles: BTreeSet<Role>,
    }
    let mut accs: Vec<Acc> = (0..clusters.count)
        .map(|_| Acc {
            members: Vec::new(),
            kind_scores: BTreeMap::new(),
            roles: BTreeSet::new(),
        })
        .collect();
    for (ci, c) in candidates.iter().enumerate() {
        let acc = &mut accs[clusters.assign[ci]];
        acc.members.push(ci);
        *acc.kind_scores.entry(kind_code(c.kind)).or_default() += (c.strength as u32).pow(2);
        if let Some(r) = &c.role {
            acc.roles.insert(r.clone());
        }
    }
    // Order: most articles, then most mentions, then first appearance.
    let mut order: Vec<usize> = (0..accs.len())
        .filter(|&a| !accs[a].members.is_empty())
        .collect();
    let article_count_of = |a: &Acc| {
        a.members
            .iter()
            .map(|&m| candidates[m].article)
            .collect::<BTreeSet<_>>()
            .len()
    };
    order.sort_by(|&x, &y| {
        article_count_of(&accs[y])
            .cmp(&article_count_of(&accs[x]))
            .then(accs[y].members.len().cmp(&accs[x].members.len()))
            .then(x.cmp(&y))
    });
    let mut index_of = vec![usize::MAX; accs.len()];
    for (new, &old) in order.iter().enumerate() {
        index_of[old] = new;
    }
    let mut entities = Vec::with_capacity(order.len());
    let mut roles = Vec::with_capacity(order.len());
    for &old in &order {
        let acc = &accs[old];
        let kind = dominant_kind(&acc.kind_scores);
        let canonical = canonical_name(candidates, &acc.members, kind, group_of);
        let mut variants: Vec<String> = Vec::new();
        for &m in &acc.members {
            let s = candidates[m].surface();
            if !variants.contains(&s) {
                variants.push(s);
            }
        }
        variants.sort();
        let mut mentions: Vec<(usize, usize, Mention)> = acc
            .members
            .iter()
            .map(|&m| {
                let c = &candidates[m];
                (
                    c.article,
                    c.start,
                    Mention {
                        article: articles[c.article].id.clone(),
                        sentence: c.sentence,
                        text: articles[c.article].text[c.start..c.end].to_string(),
                    },
                )
            })
            .collect();
        mentions.sort_by_key(|(a, s, _)| (*a, *s));
        entities.push(Entity {
            canonical,
            kind,
            variants,
            mentions: mentions.into_iter().map(|(_, _, m)| m).collect(),
        });
        roles.push(acc.roles.iter().cloned().collect::<Vec<_>>());
    }
    let mut located: Vec<Vec<LocatedMention>> = vec![Vec::new(); articles.len()];
    for (ci, c) in candidates.iter().enumerate() {
        located[c.article].push(LocatedMention {
            article: c.article,
            sentence: c.sentence,
            start: c.start,
            end: c.end,
            entity: index_of[clusters.assign[ci]],
            text: articles[c.article].text[c.start..c.end].to_string(),
            by_role: false,
        });
    }
    let mut story = StoryEntities {
        entities,
        mentions: located,
        roles,
    };
    resolve_role_mentions(articles, &mut story);
    resolve_bare_roles(articles, &mut story);
    // Keep each entity's mentions in article, then sentence order.
    let position: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    for e in &mut story.entities {
        e.mentions
            .sort_by_key(|m| (position.get(m.article.as_str()).copied(), m.sentence));
    }
    for m in &mut story.mentions {
        m.sort_by_key(|x| (x.start, x.end));
    }
    story
}

/// Canonical name: among full forms (for people, names of two words or
/// more), the one used by the most independent sources (articles when the
/// grouping is unknown), then the most mentions, then the longest, then
/// alphabetical.
fn canonical_name(
    candidates: &[Candidate],
    members: &[usize],
    kind: EntityKind,
    group_of: &dyn Fn(usize) -> usize,
) -> String {
    let mut stats: BTreeMap<String, (BTreeSet<usize>, usize)> = BTreeMap::new();
    for &m in members {
        let e = stats.entry(candidates[m].surface()).or_default();
        e.0.insert(group_of(candidates[m].article));
        e.1 += 1;
    }
    let max_tokens = stats
        .keys()
        .map(|s| s.split(' ').count())
        .max()
        .unwrap_or(1);
    let full = |s: &str| {
        let n = s.split(' ').count();
        if kind == EntityKind::Person {
            n >= 2.min(max_tokens)
        } else {
            true
        }
    };
    stats
        .iter()
        .filter(|(s, _)| full(s))
        .max_by(|(sa, a), (sb, b)| {
            a.0.len()
                .cmp(&b.0.len())
                .then(a.1.cmp(&b.1))
                .then(sa.len().cmp(&sb.len()))
                .then(sb.cmp(sa))
        })
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

/// Titles too vague to stand for one person ("the general public", "the
/// official", "the head of …").
const VAGUE_TITLES: &[&str] = &[
    "general",
    "gen",
    "official",
    "head",
    "chief",
    "chair",
    "justice",
    "rep",
    "sen",
    "representative",
    "diplomat",
    "captain",
    "director",
    "judge",
    "leader",
    "aide",
];

/// How many names back a bare role description ("the minister") looks
/// for the person holding that title.
const ROLE_LOOKBACK: usize = 512;

/// "the minister said", "the president added": the person holding that
/// title who was named last before, in the same article.
fn resolve_bare_roles(articles: &[Article], story: &mut StoryEntities) {
    for (ai, article) in articles.iter().enumerate() {
        let named: Vec<(usize, usize)> = story.mentions[ai]
            .iter()
            .filter(|m| !m.by_role)
            .map(|m| (m.end, m.entity))
            .collect();
        let mut found: Vec<LocatedMention> = Vec::new();
        // Who holds each title, computed once per title.
        let mut holders_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for sentence in &article.sentences {
            let ws = words(&sentence.text);
            let folded: Vec<String> = ws.iter().map(|w| fold(w.text)).collect();
            for i in 0..ws.len().saturating_sub(1) {
                if folded[i] != "the" || ws[i + 1].text.starts_with(char::is_uppercase) {
                    continue;
                }
                let Some((title, len)) = match_role(&folded, i + 1, ws.len() - 1) else {
                    continue;
                };
                let last = i + len;
                let name_follows = ws
                    .get(last + 1)
                    .is_some_and(|w| w.text.starts_with(char::is_uppercase) || w.text == "of");
                if VAGUE_TITLES.contains(&title.as_str()) || name_follows {
                    continue;
                }
                let start = sentence.start + ws[i].start;
                let holders = holders_of.entry(title.clone()).or_insert_with(|| {
                    let suffix = format!(" {title}");
                    (0..story.entities.len())
                        .filter(|&e| {
                            story.entities[e].kind == EntityKind::Person
                                && story.roles.get(e).is_some_and(|rs| {
                                    rs.iter()
                                        .any(|r| r.title == title || r.title.ends_with(&suffix))
                                })
                        })
                        .collect()
                });
                if holders.is_empty() {
                    continue;
                }
                // The holder named last before; no further back than
                // ROLE_LOOKBACK names (bounds the work per description).
                let Some(&(_, entity)) = named
                    .iter()
                    .rev()
                    .filter(|(end, _)| *end <= start)
                    .take(ROLE_LOOKBACK)
                    .find(|(_, e)| holders.contains(e))
                else {
                    continue;
                };
                let end = sentence.start + ws[last].end;
                found.push(LocatedMention {
                    article: ai,
                    sentence: sentence.index,
                    start,
                    end,
                    entity,
                    text: article.text[start..end].to_string(),
                    by_role: true,
                });
            }
        }
        for m in found {
            story.entities[m.entity].mentions.push(Mention {
                article: article.id.clone(),
                sentence: m.sentence,
                text: m.text.clone(),
            });
            story.mentions[ai].push(m);
        }
    }
}

/// Role descriptions that name one person of the story: "the Ukrainian
/// leader", "the Russian president", "Ukraine's president", "the US leader".
fn resolve_role_mentions(articles: &[Article], story: &mut StoryEntities) {
    // Holders of each (nation, title), computed once: the entities and
    // their roles do not change here, only mentions are added.
    let mut holders_of: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (ai, article) in articles.iter().enumerate() {
        for sentence in &article.sentences {
            let ws = words(&sentence.text);
            let folded: Vec<String> = ws.iter().map(|w| fold(strip_possessive(w.text))).collect();
            let mut i = 0;
            while i + 1 < ws.len() {
                let starts_with_the = folded[i] == "the";
                let nation_at = if starts_with_the { i + 1 } else { i };
                if nation_at + 1 >= ws.len() {
                    break;
                }
                let possessive_country = !starts_with_the
                    && has_possessive(ws[nation_at].text)
                    && gazetteer::place_key(&folded[nation_at]).is_some();
                let demonym = starts_with_the && gazetteer::is_demonym(&folded[nation_at]);
                if !(possessive_country || demonym) {
                    i += 1;
                    continue;
                }
                let Some(nation) = gazetteer::nation_of(&folded[nation_at]) else {
                    i += 1;
                    continue;
                };
                let Some((title, len)) = match_role(&folded, nation_at + 1, ws.len() - 1) else {
                    i += 1;
                    continue;
                };
                let holders = holders_of
                    .entry((nation.clone(), title.clone()))
                    .or_insert_with(|| {
                        story
                            .roles
                            .iter()
                            .enumerate()
                            .filter(|(e, rs)| {
                                story.entities[*e].kind == EntityKind::Person
                                    && rs.iter().any(|r| {
                                        r.nation.as_deref() == Some(nation.as_str())
                                            && (r.title == title
                                                || (gazetteer::is_leader_role(&r.title)
                                                    && gazetteer::is_leader_role(&title)))
                                    })
                            })
                            .map(|(e, _)| e)
                            .collect()
                    });
                let last = nation_at + len;
                let name_follows = ws
                    .get(last + 1)
                    .is_some_and(|w| w.text.starts_with(char::is_uppercase));
                if holders.len() == 1 && !name_follows {
                    let start = sentence.start + ws[i].start;
                    let end = sentence.start + ws[last].end;
                    let text = article.text[start..end].to_string();
                    let e = holders[0];
                    story.entities[e].mentions.push(Mention {
                        article: article.id.clone(),
                        sentence: sentence.index,
                        text: text.clone(),
                    });
                    story.mentions[ai].push(LocatedMention {
                        article: ai,
                        sentence: sentence.index,
                        start,
                        end,
                        entity: e,
                        text,
                        by_role: true,
                    });
                }
                i = last + 1;
            }
        }
    }
}

/// "Abby Handbridge, a trader at …": a name described by an apposition
/// opening with "a"/"an" and a lowercase noun is one person (places and
/// organisations are caught by their cues before this is asked).
fn described_as_one(text: &str, name_end: usize) -> bool {
    let rest = text.get(name_end..).unwrap_or("");
    let Some(rest) = rest.strip_prefix(", ") else {
        return false;
    };
    let Some(rest) = rest.strip_prefix("a ").or_else(|| rest.strip_prefix("an ")) else {
        return false;
    };
    rest.chars().next().is_some_and(|c| c.is_lowercase())
}

/// "I'm", "we're", "you've", "they'll", "I’d": a pronoun and a verb.
fn is_pronoun_contraction(token: &str) -> bool {
    let f = fold(token).replace('\u{2019}', "'");
    let Some((head, tail)) = f.split_once('\'') else {
        return false;
    };
    matches!(
        head,
        "i" | "we" | "you" | "they" | "he" | "she" | "it" | "let"
    ) && matches!(tail, "m" | "d" | "ll" | "ve" | "re" | "s")
}
