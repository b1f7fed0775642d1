//! Boilerplate cleaning.
//!
//! In: a raw body (markup already removed) and the known title. Out: the
//! cleaned text — kept lines, one logical line per line (hard-wrapped lines
//! joined), paragraphs separated by a blank line — every dropped line with
//! the reason it was dropped, and what a leading dateline said (place, date).
//!
//! Invariants: the cleaned text has `\n` line ends only, no line with leading
//! or trailing spaces, no runs of spaces; every non-blank input line is
//! either in the text or in `removed` (a dateline prefix is moved to
//! `removed` and the rest of its line kept).
//!
//! The rules are general, never tied to an outlet. Reasons recorded in
//! `removed`:
//!
//! * `title`: the title repeated as the first line;
//! * `section_label`: a short label or breadcrumb before the text (`News`);
//! * `share_prompt`: share/follow/subscribe/download/write-in prompts and
//!   teasers (`Want more stories like this?`);
//! * `caption`: photo captions and picture credits (`Photo: X/Reuters`,
//!   `Credit: ESA`, a caption ending `… Credit: NASA/JPL`);
//! * `video_teaser`: `… - Video`, `Watch: …`;
//! * `credit`: reporting, source and copyright credits (`Reporting by …`,
//!   `(Source: NASA)`);
//! * `byline`, `timestamp`: `By Jane Doe`, `Published 15 May 2025`;
//! * `embed`: bare links, signatures of embedded social posts;
//! * `interface`: lines made of interface words (`Share Tweet Email`);
//! * `separator`: lines with no letter or digit (`___`);
//! * `duplicate`: a long line already seen (pull quotes);
//! * `links`: a line of an HTML page whose text is mostly link text (menus,
//!   related-story lists, tag lists), from the hint HTML reading puts in
//!   front of it;
//! * `related_headline` (5+ words) and `subheading`: short lines that do not
//!   end like a sentence, standing alone between paragraphs or in a text
//!   whose other long lines end like sentences — unless they are list items
//!   (`• …`), end like a clause (`said,`), are continued in lower case, or
//!   the page's markup shows them to be a heading or a data-table row of the
//!   text, or a paragraph of a page before the last prose line (long, ending
//!   like a sentence) — on pages related headlines are links, caught as
//!   `links`, and only the furniture after the article is judged by length;
//! * `dateline`: the leading `PLACE (Agency) —` of the first line (the rest
//!   of the line is kept).
//!
//! A long finished sentence that reports speech (`…, police said.`) is never
//! taken for a prompt or a credit.
//!
//! Words and sentence ends are counted for every script: a run of Chinese,
//! Japanese or Thai characters counts a word per two characters, and `。`,
//! `！`, `？` end sentences, so a CJK paragraph is never taken for a label.
//!
//! Lines of HTML pages start with a hint ([`LINKS_HINT`],
//! [`STRUCTURE_HINT`], [`ROW_HINT`], [`TEXT_HINT`]); the hint is read and stripped here,
//! never kept. A heading that no text follows (the next kept line is
//! another heading, or none) is removed as a `subheading`.

use crate::html::{LINKS_HINT, ROW_HINT, STRUCTURE_HINT, TEXT_HINT};
use crate::segment::{ends_with_terminator, is_soft_wrap};
use corroborate_core::RemovedLine;
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Output of [`clean`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub removed: Vec<RemovedLine>,
    /// Place named by a leading dateline (`ISTANBUL`).
    pub dateline_place: Option<String>,
    /// ISO date (`YYYY-MM-DD`) read from a dateline or a timestamp line,
    /// when it named a full date.
    pub date: Option<String>,
    /// Author named by a removed byline (`By Jane Doe` gives `Jane Doe`).
    pub byline: Option<String>,
}

/// Normalises one physical line: odd spaces become plain spaces, invisible
/// characters go, runs of spaces collapse, ends are trimmed.
pub(crate) fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            c if c.is_whitespace() || c.is_control() => pending_space = true,
            c => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Paragraphs of logical lines: blank lines separate paragraphs, soft wraps
/// are joined with a space.
pub(crate) fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let mut paras: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for raw in body.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{0085}']) {
        let line = normalize_line(raw);
        if line.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
            continue;
        }
        match current.last_mut() {
            // A line with a markup hint is a line of its own on the page.
            Some(prev) if !has_hint(prev) && !has_hint(&line) && is_soft_wrap(prev, &line) => {
                prev.push(' ');
                prev.push_str(&line);
            }
            _ => current.push(line),
        }
    }
    if !current.is_empty() {
        paras.push(current);
    }
    paras
}

/// True when `line` starts with one of the hints HTML reading puts in
/// front of lines ([`LINKS_HINT`], [`STRUCTURE_HINT`], [`ROW_HINT`]).
fn has_hint(line: &str) -> bool {
    line.starts_with(HINTS)
}

const HINTS: [char; 4] = [LINKS_HINT, STRUCTURE_HINT, ROW_HINT, TEXT_HINT];

/// What the markup said about a line, and the line without its hint.
fn split_hint(line: &str) -> (Hint, String) {
    let hint = match line.chars().next() {
        Some(LINKS_HINT) => Hint::Links,
        Some(STRUCTURE_HINT) => Hint::Structure,
        Some(ROW_HINT) => Hint::Row,
        Some(TEXT_HINT) => Hint::Text,
        _ => Hint::None,
    };
    let text = line.trim_start_matches(HINTS).replace(HINTS, "");
    (hint, text.trim().to_string())
}

/// What the page's markup said about a line (see [`crate::html`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// Plain text, or a paragraph with no telling markup.
    None,
    /// Mostly link text.
    Links,
    /// A heading.
    Structure,
    /// A data-table row, a definition.
    Row,
    /// Another line of a page.
    Text,
}

/// A case-insensitive set of patterns. `\b` is made an ASCII word
/// boundary: the patterns are English words, and a Unicode boundary would
/// force the slow backtracking-free NFA engine on every line.
fn set(patterns: &[&str]) -> RegexSet {
    let with_flags: Vec<String> = patterns
        .iter()
        .map(|p| format!("(?i){}", p.replace(r"\b", r"(?-u:\b)")))
        .collect();
    RegexSet::new(with_flags).expect("boilerplate patterns are valid")
}

/// Prompts to share, follow, subscribe, download, write in.
static SHARE_PROMPT: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"\b(follow|like|find|join) us (on|at|via)\b",
        r"\bclick (here|below)\b",
        r"\bclick (on )?(the )?(link|button|icon)s? (below|above)\b",
        r"\bclick on (whatsapp|telegram|facebook|twitter|x|instagram|youtube|the image|the video)\b",
        r"^(subscribe|sign up|signup|sign-up|register|get)\b.{0,60}\b(newsletters?|updates|alerts|briefing|inbox)\b",
        r"\b(subscribe|sign up|signup|sign-up) (to|for) (our|the [\w ]{1,30} (newsletter|briefing))\b",
        r"\bour (free )?(daily |weekly )?(newsletters?|briefing|podcast)\b",
        r"\b(newsletters?|updates|alerts)\b.{0,40}\b(subscribe|sign up|signup|sign-up|inbox)\b",
        r"\b(our|on|via) (whatsapp|telegram|viber|signal) (channel|group|community)\b",
        r"^share( this( article| story| page)?| on \w+| via \w+)?\W*$",
        r"\bshare (this|on|via) (article|story|page|facebook|twitter|x|whatsapp|email)\b",
        r"\b(download|get|install) our\b.{0,30}\bapp\b",
        r"\bwrite to:?\s*\S+@\S+",
        r"\bsend (us )?your (tips|stories|news|photos|videos)\b",
        r"^(also read|read also|read more|read next|related( topics| stories| articles)?|recommended( stories)?|see also|more from|more on this( story)?|more stories|top stories|latest stories|most read|most viewed|most popular|trending|don't miss|you (may|might) also like|further reading|explore more on these topics|reuse this content|sponsored stories)\b\s*([:|\-–—»>]|$)",
        r"^(sign up|subscribe|register) (here|now|today)\W*$",
        r"\bskip to (main )?content\b",
        r"\bcookies?\b.{0,60}\b(accept|policy|consent|settings)\b",
        r"^(listen to this article|\d+ min(ute)?s? read)\b",
        r"^(advertisement|advert|sponsored( content)?|story continues below( advertisement)?|continue reading)\W*$",
        r"\b(sign in|log in|create an account) to\b.{0,60}\b(continue|read|comment)\b",
        r"\bfor (more|the latest) (news|updates|stories)\b.{0,60}\b(follow|visit|subscribe|download|click|join)\b",
        r"^follow (us|our|[\p{L}]+['’]s|the latest|live)\b.{0,80}\b(coverage|updates|live|latest|news|https?://)",
        r"^(loading|please wait)\W*$",
        r"^want (more|to (read|see|hear) more)\b.{0,60}\?$",
        r"^(leave a (reply|comment)|post a comment|add (a|your) comment|write a comment|\d+ (comments?|responses?|replies)|comments? \(\d+\)|(no )?comments?( closed)?)\W*$",
        r"^(like|enjoy(ed)?|love)( reading)? (this|these|what you('re| are) reading)\b.{0,50}[?!]$",
    ])
});

/// Verbs of reported speech: a sentence with one reports news.
static REPORTED_SPEECH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(said|says|told|according to|added|warned|stated|reported|explained|urged|claimed|wrote)(?-u:\b)")
        .expect("reported speech pattern is valid")
});

/// Photo captions and picture credits.
static CAPTION: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"\b(photo|photograph|image|picture|pic|illustration|graphic|footage)s?( credit)?\s*:\s*\S",
        r"^(image|photo|picture|video) (source|caption|credit)\b",
        r"^credit\s*:",
        r"\bcredits?\s*:\s*[^.!?]{1,80}$",
        r"^(photo |image |picture )?courtesy (of )?\S",
        r"^\(?(file )?photo\s*[:(/]",
        r"^\(?file photo\b",
        r"\(\s*(photo|image|picture|file photo)\b[^)]*\)\s*$",
        r"/\s*(reuters|afp|ap|getty images?|epa(-efe)?|shutterstock|alamy|pa( media| wire)?|anadolu( agency)?|bloomberg|xinhua|tass|sputnik|efe|dpa|ansa|nurphoto|sopa images|zuma( press)?|ap photo|afp via getty images|rex|eyevine|twitter|instagram|flickr|facebook|youtube)\s*\)?\.?\s*$",
        r"\b(getty images|ap photo|afp photo|reuters photo)\s*\)?\.?\s*$",
    ])
});

/// Teasers for videos, galleries, podcasts.
static VIDEO_TEASER: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"\s[-–—|]\s*(video|watch|audio|podcast|live|gallery|in pictures|pictures|photos|explainer)\s*$",
        r"^(video|watch|listen|gallery|in pictures|live updates?)\s*[:|\-–—]",
    ])
});

/// Reporting and copyright credits.
static CREDIT: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"^\(?\s*(additional )?(reporting|writing|editing|edited|compiled) by\b",
        r"^(©|\(c\)\s|copyright\s*(©|\(c\)|\d{4}))",
        r"\ball rights reserved\b",
        r"^\(?\s*with (files|reporting|input) from\b",
        r"^(source|sources|agencies|with agencies)\s*:?\s*[\p{L} ,/&]{0,40}$",
        r"\bcontributed (to )?(this )?(report|reporting|story)\b",
        r"\b(writers?|reporters?|correspondents?|staff)\b.{0,80}\bcontributed\W*$",
        r"^our standards\b",
        r"^\(\s*(source|sources|credit|credits|courtesy)\s*:[^()]{1,60}\)\.?$",
    ])
});

/// Publication timestamps and relative times.
static TIMESTAMP: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"^(published|updated|posted|last updated|first published|last modified)\s*(:|on|at)?\s*(\d|(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b).{0,80}$",
        r"^\d+ (seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago$",
    ])
});

/// Links and the signatures of embedded social posts.
static EMBED: LazyLock<RegexSet> = LazyLock::new(|| {
    set(&[
        r"^(https?://|www\.)\S+$",
        r"^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)",
        r"\bpic\.twitter\.com/\S+",
        r"^(a post shared by|view this post on instagram)\b",
    ])
});

/// `By Jane Doe`, `By Jane Doe and John Roe, Reuters`, `Author: …`.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|author:|words by)\s+\p{Lu}[\p{L}\p{M}.'’\-]*(\s+(\p{Lu}[\p{L}\p{M}.'’\-]*|and|&|de|da|van|von|al|bin|le|la|,|in \p{Lu}\p{L}+)|,)*\s*$")
        .expect("byline pattern is valid")
});

/// Breadcrumbs: `Home > World > Europe`.
static BREADCRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{L} &'’]{1,30}(\s*[>›»/|]\s*[\p{L} &'’]{1,30}){1,5}$")
        .expect("breadcrumb pattern is valid")
});

/// Words that alone make up interface lines ("Share Tweet Email").
const INTERFACE_WORDS: &[&str] = &[
    "share",
    "shares",
    "tweet",
    "email",
    "e-mail",
    "print",
    "comment",
    "comments",
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "telegram",
    "linkedin",
    "reddit",
    "pinterest",
    "copy",
    "link",
    "save",
    "saved",
    "listen",
    "advertisement",
    "close",
    "menu",
    "search",
    "subscribe",
    "login",
    "sign",
    "in",
    "up",
    "log",
    "more",
    "next",
    "previous",
    "back",
    "top",
    "to",
    "home",
    "flipboard",
    "messenger",
    "sms",
    "mail",
    "bookmark",
    "gift",
    "article",
    "follow",
    "show",
    "hide",
];

/// A dateline's place in capitals, one to four words: `ISTANBUL`,
/// `MOSCOW/KYIV`, `WASHINGTON, D.C.` (its first part), `ST. LOUIS`.
macro_rules! caps_place {
    () => {
        r"(?P<place>\p{Lu}[\p{Lu}\p{M}'’.\-/]+(?:[ ]+\p{Lu}[\p{Lu}\p{M}'’.\-/]*){0,3})"
    };
}

/// A leading dateline: `date 2025-05-15 ISTANBUL:`, `KYIV (AP) —`,
/// `ISTANBUL, May 15 (Reuters) -`, `WASHINGTON, D.C. —`.
static DATELINE_CAPS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?i:date)[:\s]+(?P<iso>\d{4}-\d{2}-\d{2})\s+)?",
        caps_place!(),
        r"(?P<rest>(?:,[ ]*[^,:()\-–—]{1,30}){0,3}?)",
        r"[ ]*(?P<agency>\([^()]{1,30}\))?",
        r"[ ]*(?P<sep>:|--?|–|—|/[^/]{1,30}/[ ]*(?:--?|–|—))[ ]+"
    ))
    .expect("dateline pattern is valid")
});

/// A title-case place needs an agency to count as a dateline:
/// `Istanbul, May 15 (Reuters) -`.
static DATELINE_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<place>\p{Lu}[\p{L}\p{M}'’.\-]+(?:[ ]+\p{Lu}[\p{L}\p{M}'’.\-]*){0,2})",
        r"(?P<rest>(?:,[ ]*[^,:()\-–—]{1,30}){0,3}?)",
        r"[ ]*(?P<agency>\([^()]{1,30}\))",
        r"[ ]*(?P<sep>:|--?|–|—)[ ]+"
    ))
    .expect("dateline pattern is valid")
});

/// Capitalised openers that look like dateline places but are labels.
const NOT_PLACES: &[&str] = &[
    "breaking",
    "breaking news",
    "update",
    "updated",
    "exclusive",
    "analysis",
    "opinion",
    "live",
    "watch",
    "video",
    "photos",
    "editorial",
    "fact check",
    "correction",
    "comment",
    "review",
    "explainer",
    "factbox",
    "instant view",
    "urgent",
    "flash",
    "alert",
    "note",
    "editor's note",
    "editors note",
    "just in",
    "developing",
    "new",
    "read",
    "listen",
    "q&a",
];

/// A wire credit opening the text without a place: `(Reuters) - `.
static AGENCY_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\([\p{L}][\p{L} .&'’]{0,28}\)[ ]*(?:--?|–|—)[ ]+")
        .expect("agency pattern is valid")
});

/// A broadcaster's credit in capitals opening the text with no dash:
/// `(CNN) A dress worn by …`. Capitals only, so that a parenthesis of the
/// story ("(Updated) …" is a label, "(Left) …" a caption) is not taken.
static AGENCY_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?P<credit>\(\p{Lu}[\p{Lu}&]{1,6}\)[ ]+)(?:\p{Lu}|[“"‘'])"#)
        .expect("agency pattern is valid")
});

/// A dateline whose wire credit and dash were cut away upstream, leaving
/// the place in capitals and a date before the first word:
/// `DALLAS, April 18 A gray dress …`. The date must read as one.
static DATELINE_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        "^",
        caps_place!(),
        r",[ ]*(?P<rest>\p{Lu}\p{Ll}{2,8}\.?[ ]+\d{1,2}(?P<year>,[ ]*\d{4})?)",
        r"[ ]+\p{Lu}"
    ))
    .expect("dateline pattern is valid")
});

/// An editor's update label opening a line of text: `UPDATE: Authorities
/// identified …`, `UPDATE, May 18, 12:32 p.m. ET: …`, `UPDATE: 905 a.m. -
/// OPD reports …` (with the time of the update). The words after it are
/// text.
static UPDATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<label>UPDATED?(?:[ ]*,(?:[^:]|:\d){1,40})?[ ]*:[ ]+",
        r"(?:\d{1,2}:?\d{2}[ ]*[ap]\.?m\.?(?:[ ]+\p{Lu}{2,3})?[ ]*[-–—][ ]*)?)",
        r"[\p{Lu}\p{N}]"
    ))
    .expect("update pattern is valid")
});

/// Paragraphs of text after which a dateline is no longer looked for.
const EARLY_PARAGRAPHS: usize = 2;

/// What a dateline said, and how many bytes of the line it took.
struct Dateline {
    len: usize,
    place: Option<String>,
    date: Option<String>,
}

fn parse_dateline(line: &str) -> Option<Dateline> {
    if let Some(m) = AGENCY_ONLY.find(line) {
        if !line[m.end()..].trim().is_empty() {
            return Some(Dateline {
                len: m.end(),
                place: None,
                date: None,
            });
        }
    }
    if let Some(credit) = AGENCY_BARE.captures(line).and_then(|c| c.name("credit")) {
        return Some(Dateline {
            len: credit.end(),
            place: None,
            date: None,
        });
    }
    if let Some(c) = DATELINE_BARE.captures(line) {
        let place = &c["place"];
        // Read with a year that has every day (2000 is a leap year), the
        // words tell whether they are a date at all; the date is kept only
        // with its own year.
        let date = crate::dates::words_date(&c["rest"], Some(2000));
        if date.is_some() && !NOT_PLACES.contains(&place.to_lowercase().as_str()) {
            let len = c.name("rest").map_or(0, |r| r.end());
            return Some(Dateline {
                len,
                place: Some(place.trim_end_matches([',', '.']).to_string()),
                date: date
                    .filter(|_| c.name("year").is_some())
                    .map(|d| d.format("%Y-%m-%d").to_string()),
            });
        }
    }
    let caps = DATELINE_CAPS
        .captures(line)
        .filter(|c| {
            let place = &c["place"];
            let letters = place.chars().filter(|ch| ch.is_alphabetic()).count();
            // `US:` or `EU —` open sentences more often than datelines, and
            // `BREAKING:` is a label, not a place.
            let label = NOT_PLACES.contains(&place.to_lowercase().as_str());
            !label && (letters >= 3 || c.name("agency").is_some() || c.name("iso").is_some())
        })
        .or_else(|| DATELINE_AGENCY.captures(line))?;
    let whole = caps.get(0)?;
    // The rest of the line must be text, not an empty remainder.
    if line[whole.end()..].trim().is_empty() {
        return None;
    }
    let date = caps
        .name("iso")
        .and_then(|m| crate::dates::normalize(m.as_str()))
        .or_else(|| {
            caps.name("rest").and_then(|r| {
                crate::dates::words_date(r.as_str(), None).map(|d| d.format("%Y-%m-%d").to_string())
            })
        });
    Some(Dateline {
        len: whole.end(),
        place: Some(caps["place"].trim_end_matches([',', '.']).to_string()),
        date,
    })
}

/// A line folded for comparison with the title: letters and digits only,
/// lower-cased.
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Scripts written without spaces between words (Han, kana, Thai, Lao,
/// Khmer, Myanmar, Tibetan): their words are counted from characters.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{0F00}'..='\u{0FFF}' // Tibetan
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
    )
}

/// Words in `s`: whitespace-separated tokens, where a run of characters of
/// a script written without spaces counts one word per two characters (a
/// typical Chinese or Japanese word length), so a CJK paragraph weighs
/// what its English translation would.
pub(crate) fn word_count(s: &str) -> usize {
    let mut words = 0;
    for token in s.split_whitespace() {
        let unspaced = token.chars().filter(|c| is_unspaced_script(*c)).count();
        let rest = token
            .split(is_unspaced_script)
            .filter(|part| part.chars().any(char::is_alphanumeric))
            .count();
        words += unspaced.div_ceil(2) + rest;
    }
    words
}

/// Full stops, exclamation and question marks of CJK text (ideographic,
/// full-width, half-width).
fn is_cjk_terminator(c: char) -> bool {
    matches!(
        c,
        '\u{3002}' | '\u{FF01}' | '\u{FF1F}' | '\u{FF61}' | '\u{FF0E}' | '\u{203C}'
    )
}

/// Closing quotes and brackets of CJK text, which may follow a sentence end.
fn is_cjk_closer(c: char) -> bool {
    matches!(
        c,
        '\u{300D}' | '\u{300F}' | '\u{FF09}' | '\u{3011}' | '\u{3015}' | '\u{3009}' | '\u{300B}'
    )
}

/// True when `line` ends like a finished sentence, in Latin punctuation
/// (`.`, `?`, `!`, `…`, possibly before closing quotes) or CJK punctuation
/// (`。`, `！`, `？`, possibly before `」`).
pub(crate) fn ends_like_sentence(line: &str) -> bool {
    if ends_with_terminator(line) {
        return true;
    }
    let trimmed = line
        .trim_end()
        .trim_end_matches(|c: char| is_cjk_closer(c) || matches!(c, '"' | '\u{201D}' | ')'))
        .trim_end();
    trimmed.ends_with(is_cjk_terminator)
}

/// True when `line` holds a sentence end before its last character (`. `
/// or a CJK full stop): it is prose, not a heading.
fn holds_sentence_end(line: &str) -> bool {
    let inner = line
        .trim_end()
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    inner.contains(". ") || inner.contains(is_cjk_terminator)
}

/// Reasons that rest on layout alone, undone when they would leave no text.
const WEAK_REASONS: &[&str] = &[
    "title",
    "section_label",
    "related_headline",
    "subheading",
    "links",
];

/// Where a line sits, for the rules that depend on it.
struct Context<'a> {
    /// No content line has been kept yet.
    before_content: bool,
    /// The line is alone in its paragraph.
    standalone: bool,
    /// Most of the document's long lines end like sentences, so a short line
    /// that does not is furniture.
    mostly_terminated: bool,
    title_key: Option<&'a str>,
    /// The next line starts with a lower-case letter: this one is the first
    /// half of a sentence broken across paragraphs.
    next_starts_lower: bool,
    /// What the page's markup said about the line.
    hint: Hint,
    /// The line comes before the last prose line of the text (long, ending
    /// like a sentence), or the text has none: it is not in the furniture
    /// that follows an article.
    before_prose_end: bool,
}

/// Why a line is boilerplate, or `None` when it is content.
fn classify(line: &str, ctx: &Context) -> Option<&'static str> {
    let words = word_count(line);
    if !line.chars().any(char::is_alphanumeric) {
        return Some("separator");
    }
    let terminated = ends_like_sentence(line);
    if words <= 8 && is_interface_line(line) {
        return Some("interface");
    }
    if ctx.before_content {
        if let Some(t) = ctx.title_key {
            let c = comparable(line);
            let extra = c.len().saturating_sub(t.len());
            if c == t || (c.starts_with(t) && extra <= 24) {
                return Some("title");
            }
        }
    }
    if let Some(reason) = pattern_reason(line, words, terminated) {
        return Some(reason);
    }
    if ctx.hint == Hint::Links {
        return Some("links");
    }
    if is_list_item(line) {
        return None; // "key facts" bullets are content even without a full stop
    }
    // Labels and headlines neither end like a clause (`said,`) nor are
    // continued by the line after them.
    let unfinished = line.ends_with([
        ':', ',', ';', '-', '\u{2013}', '\u{2014}', '(', '/', '&', '\u{3001}', '\u{FF0C}',
        '\u{FF1A}', '\u{FF1B}',
    ]) || ctx.next_starts_lower;
    if ctx.before_content && !terminated && !unfinished {
        if words <= 3 && !line.chars().any(|c| c.is_ascii_digit()) {
            return Some("section_label");
        }
        if BREADCRUMB.is_match(line) {
            return Some("section_label");
        }
    }
    if ctx.hint == Hint::Text && ctx.before_prose_end {
        // A paragraph of a page within its article: a one-line paragraph,
        // a run-in heading, a list line. Related headlines there are links
        // and went as such.
        return None;
    }
    if matches!(ctx.hint, Hint::Structure | Hint::Row) {
        // A heading or table row of the text: short and unfinished by
        // nature (a heading with no text after it goes later).
        return None;
    }
    if !terminated && !unfinished && words <= 20 && !holds_sentence_end(line) {
        let first = line.chars().find(|c| c.is_alphanumeric());
        let starts_lower = first.is_some_and(char::is_lowercase);
        if !starts_lower && (ctx.standalone || ctx.mostly_terminated) {
            return Some(if words >= 5 {
                "related_headline"
            } else {
                "subheading"
            });
        }
    }
    None
}

/// Why a line matching one of the boilerplate patterns is boilerplate.
fn pattern_reason(line: &str, words: usize, terminated: bool) -> Option<&'static str> {
    // A long finished sentence that reports speech is news even when it
    // mentions clicking links or following someone.
    let reported = terminated && words >= 10 && REPORTED_SPEECH.is_match(line);
    if words <= 60 && !reported && SHARE_PROMPT.is_match(line) {
        return Some("share_prompt");
    }
    if words <= 50 && CAPTION.is_match(line) {
        return Some("caption");
    }
    if words <= 30 && VIDEO_TEASER.is_match(line) {
        return Some("video_teaser");
    }
    if words <= 40 && !reported && CREDIT.is_match(line) {
        return Some("credit");
    }
    if words <= 12 && !terminated && BYLINE.is_match(line) {
        return Some("byline");
    }
    if words <= 14 && (TIMESTAMP.is_match(line) || is_lone_date(line)) {
        return Some("timestamp");
    }
    if words <= 40 && EMBED.is_match(line) {
        return Some("embed");
    }
    None
}

/// A bulleted line: `• …` (from HTML or Markdown lists), `- …`, `* …`.
fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    let marker = chars.next();
    matches!(
        marker,
        Some('\u{2022}' | '\u{25E6}' | '\u{25AA}' | '\u{25BA}' | '\u{2023}' | '-' | '*')
    ) && chars.next() == Some(' ')
}

/// `15 May 2025`, `Thursday, May 15, 2025 10:02 BST`.
fn is_lone_date(line: &str) -> bool {
    crate::dates::words_date(line, None).is_some()
        && line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| {
                w.chars().all(|c| c.is_ascii_digit())
                    || crate::dates::month_number(w).is_some()
                    || matches!(
                        w.to_ascii_lowercase().as_str(),
                        "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                            | "mon"
                            | "tue"
                            | "tues"
                            | "wed"
                            | "thu"
                            | "thur"
                            | "thurs"
                            | "fri"
                            | "sat"
                            | "sun"
                            | "am"
                            | "pm"
                            | "gmt"
                            | "utc"
                            | "bst"
                            | "cet"
                            | "cest"
                            | "est"
                            | "edt"
                            | "pst"
                            | "pdt"
                            | "st"
                            | "nd"
                            | "rd"
                            | "th"
                            | "at"
                    )
                    || w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                        .parse::<u32>()
                        .is_ok()
            })
}

fn is_interface_line(line: &str) -> bool {
    let mut any = false;
    for w in line
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
    {
        if !INTERFACE_WORDS.contains(&w.to_lowercase().as_str()) {
            return false;
        }
        any = true;
    }
    any
}

/// Cleans `body` (see the module docs).
pub fn clean(body: &str, title: Option<&str>) -> Cleaned {
    let hinted: Vec<Vec<(Hint, String)>> = paragraphs(body)
        .iter()
        .map(|p| {
            p.iter()
                .map(|l| split_hint(l))
                .filter(|(_, l)| !l.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let paras: Vec<Vec<String>> = hinted
        .iter()
        .map(|p| p.iter().map(|(_, l)| l.clone()).collect())
        .collect();
    let hints: Vec<Hint> = hinted.iter().flatten().map(|(h, _)| *h).collect();
    // Long lines other than the first (a title) and other than lines the
    // boilerplate patterns catch: when most end like sentences, the text is
    // prose and its short unfinished lines are headlines.
    let long_lines: Vec<&String> = paras
        .iter()
        .flatten()
        .skip(1)
        .filter(|l| {
            let words = word_count(l);
            words >= 8 && pattern_reason(l, words, ends_like_sentence(l)).is_none()
        })
        .collect();
    let all: Vec<&String> = paras.iter().flatten().collect();
    let is_prose = |l: &&String| {
        let words = word_count(l);
        words >= 8 && ends_like_sentence(l) && pattern_reason(l, words, true).is_none()
    };
    let last_prose = all.iter().rposition(is_prose);
    let terminated = long_lines.iter().filter(|l| ends_like_sentence(l)).count();
    let mostly_terminated = terminated >= 3 && terminated * 4 >= long_lines.len() * 3;
    let title_key = title.map(comparable).filter(|t| t.len() >= 8);

    let mut out = Cleaned::default();
    // Kept lines, each with whether the markup made it a heading.
    let mut kept_hinted: Vec<Vec<(String, bool)>> = Vec::new();
    let mut seen_long: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut before_content = true;
    let all_lines: Vec<&String> = paras.iter().flatten().collect();
    let mut line_index = 0usize;
    for para in &paras {
        let mut kept_para = Vec::new();
        let standalone = para.len() == 1;
        for line in para {
            line_index += 1;
            let next_starts_lower = all_lines.get(line_index).is_some_and(|next| {
                next.chars()
                    .find(|c| c.is_alphanumeric())
                    .is_some_and(char::is_lowercase)
            });
            let ctx = Context {
                hint: hints.get(line_index - 1).copied().unwrap_or(Hint::None),
                before_prose_end: last_prose.is_none_or(|l| line_index - 1 < l),
                before_content,
                standalone,
                mostly_terminated,
                title_key: title_key.as_deref(),
                next_starts_lower,
            };
            if let Some(reason) = classify(line, &ctx) {
                if reason == "byline" && out.byline.is_none() {
                    out.byline = line
                        .split_once(char::is_whitespace)
                        .map(|(_, name)| name.trim().trim_end_matches(',').to_string())
                        .filter(|name| !name.is_empty());
                }
                if reason == "timestamp" && out.date.is_none() {
                    out.date = crate::dates::words_date(line, None)
                        .map(|d| d.format("%Y-%m-%d").to_string());
                }
                out.removed.push(RemovedLine {
                    text: line.clone(),
                    reason: reason.into(),
                });
                continue;
            }
            let mut line = line.clone();
            if let Some(len) = UPDATE_LABEL
                .captures(&line)
                .and_then(|c| c.name("label"))
                .map(|m| m.end())
            {
                out.removed.push(RemovedLine {
                    text: line[..len].trim().to_string(),
                    reason: "label".into(),
                });
                line = line[len..].trim().to_string();
            }
            // A dateline also opens the first paragraphs after an editor's
            // note ("UPDATE: …" then "DELPHI, Ind. -- An hour after …"),
            // when it names a place.
            let early_paragraph = out.dateline_place.is_none()
                && kept_para.is_empty()
                && kept_hinted.len() < EARLY_PARAGRAPHS;
            if before_content || early_paragraph {
                if let Some(d) =
                    parse_dateline(&line).filter(|d| before_content || d.place.is_some())
                {
                    out.removed.push(RemovedLine {
                        text: line[..d.len].trim().to_string(),
                        reason: "dateline".into(),
                    });
                    out.dateline_place = d.place;
                    if d.date.is_some() {
                        out.date = d.date;
                    }
                    line = line[d.len..].trim().to_string();
                }
            }
            if word_count(&line) >= 6 && !seen_long.insert(comparable(&line)) {
                out.removed.push(RemovedLine {
                    text: line,
                    reason: "duplicate".into(),
                });
                continue;
            }
            before_content = false;
            let heading = ctx.hint == Hint::Structure;
            kept_para.push((line, heading));
        }
        if !kept_para.is_empty() {
            kept_hinted.push(kept_para);
        }
    }
    // A heading heads text: one followed by another heading or by nothing
    // is a sidebar's or a footer's ("Follow us", "About this site").
    let heading_flags: Vec<bool> = kept_hinted.iter().flatten().map(|(_, h)| *h).collect();
    let mut at = 0usize;
    for para in &mut kept_hinted {
        para.retain(|(line, heading)| {
            at += 1;
            let heads_text = heading_flags.get(at).is_some_and(|next| !next);
            if *heading && !heads_text {
                out.removed.push(RemovedLine {
                    text: line.clone(),
                    reason: "subheading".into(),
                });
                return false;
            }
            true
        });
    }
    let mut kept: Vec<Vec<String>> = kept_hinted
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.into_iter().map(|(line, _)| line).collect())
        .collect();
    if kept.is_empty() {
        // Nothing but headline-like lines: a short note or a headline-only
        // item. The layout heuristics were wrong for it; keep those lines.
        let (back, gone): (Vec<RemovedLine>, Vec<RemovedLine>) = std::mem::take(&mut out.removed)
            .into_iter()
            .partition(|r| WEAK_REASONS.contains(&r.reason.as_str()));
        out.removed = gone;
        kept = back.into_iter().map(|r| vec![r.text]).collect();
    }
    out.text = kept
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(c: &Cleaned) -> Vec<(&str, &str)> {
        c.removed
            .iter()
            .map(|r| (r.reason.as_str(), r.text.as_str()))
            .collect()
    }

    #[test]
    fn datelines() {
        let c = clean(
            "KYIV (AP) — Russia launched drones overnight, officials said.",
            None,
        );
        assert_eq!(c.dateline_place.as_deref(), Some("KYIV"));
        assert_eq!(c.text, "Russia launched drones overnight, officials said.");
        let c = clean(
            "ISTANBUL, May 15, 2025 (Reuters) - Talks began on Friday in the city.",
            None,
        );
        assert_eq!(c.dateline_place.as_deref(), Some("ISTANBUL"));
        assert_eq!(c.date.as_deref(), Some("2025-05-15"));
        let c = clean("Istanbul, May 15 (Reuters) - Talks began on Friday.", None);
        assert_eq!(c.dateline_place.as_deref(), Some("Istanbul"));
        assert_eq!(c.date, None);
        assert_eq!(c.text, "Talks began on Friday.");
        // Not datelines.
        let c = clean("(Reuters) - Talks began in Istanbul on Friday.", None);
        assert_eq!(c.text, "Talks began in Istanbul on Friday.");
        assert_eq!(c.removed[0].text, "(Reuters) -");
        assert_eq!(c.dateline_place, None);
        let c = clean("MOSCOW/KYIV, May 15 (Reuters) - Talks began.", None);
        assert_eq!(c.dateline_place.as_deref(), Some("MOSCOW/KYIV"));
        // A dateline after an editor's note, whose label goes.
        let c = clean(
            "UPDATE: Authorities identified the two bodies found on Tuesday.\n\n\
             DELPHI, Ind. -- An hour after the fire chief spoke, police said the search was over.",
            None,
        );
        assert_eq!(c.dateline_place.as_deref(), Some("DELPHI"));
        assert!(c.text.contains("\n\nAn hour after"), "{}", c.text);
        assert!(c.text.starts_with("Authorities identified"), "{}", c.text);
        assert!(c
            .removed
            .iter()
            .any(|r| r.reason == "label" && r.text == "UPDATE:"));
        let c = clean(
            "UPDATE, May 18, 12:32 p.m. ET: LinkedIn confirmed on Wednesday that the data is real.",
            None,
        );
        assert_eq!(
            c.text,
            "LinkedIn confirmed on Wednesday that the data is real."
        );
        let c = clean(
            "UPDATE: 905 a.m. - OPD reports on April 18 that the teen was located at a residence.",
            None,
        );
        assert_eq!(
            c.text,
            "OPD reports on April 18 that the teen was located at a residence."
        );
        // …but not deep in the text.
        let c = clean(
            "Talks began on Friday in the city.\n\nThey went on for hours.\n\n\
             More were planned for the week.\n\nWASHINGTON -- Officials said nothing.",
            None,
        );
        assert_eq!(c.dateline_place, None);
        // Credits and datelines whose dash was cut away upstream.
        let c = clean(
            "(CNN) A dress worn by Vivien Leigh has fetched $137,000.",
            None,
        );
        assert_eq!(c.text, "A dress worn by Vivien Leigh has fetched $137,000.");
        assert_eq!(c.removed[0].text, "(CNN)");
        let c = clean(
            "DALLAS, April 18 A gray and black dress sold on Saturday.",
            None,
        );
        assert_eq!(c.dateline_place.as_deref(), Some("DALLAS"));
        assert_eq!(c.text, "A gray and black dress sold on Saturday.");
        assert_eq!(c.date, None);
        let c = clean(
            "DALLAS, April 18, 2015 A gray dress sold on Saturday.",
            None,
        );
        assert_eq!(c.date.as_deref(), Some("2015-04-18"));
        assert_eq!(c.text, "A gray dress sold on Saturday.");
        for t in [
            "(Updated) Talks began in Istanbul on Friday.",
            "CORRECTION, June 29, 2017: This story originally stated the place.",
            "(U.S.) Talks began in Istanbul on Friday.",
        ] {
            let c = clean(t, None);
            assert!(
                c.removed.iter().all(|r| r.reason != "dateline"),
                "{t}: {:?}",
                c.removed
            );
        }
        for t in [
            "BREAKING: Talks collapse in Istanbul after an hour.",
            "US President Donald Trump said talks were unlikely.",
            "Zelenskyy: the talks are not serious.",
            "EU - talks continue.",
        ] {
            assert_eq!(clean(t, None).dateline_place, None, "{t}");
        }
    }

    #[test]
    fn wire_and_broadcaster_furniture() {
        let page = "Ukraine war: Zelensky says Russia 'not serious' about peace talks\n\
2 hours ago\n\
Share\n\
Save\n\
BBC News, Kyiv\n\
Getty Images\n\
Zelensky spoke to reporters in Ankara on Thursday\n\
KYIV, Ukraine (AP) — Ukraine's president said on Thursday that Russia was not serious about peace.\n\
He spoke after meeting Turkey's president in Ankara for more than three hours.\n\
Delegations from both countries were expected to meet in Istanbul on Friday.\n\
___\n\
Associated Press writer Jane Roe in Istanbul contributed to this report.\n\
Follow AP's coverage of the war at https://example.com/hub/war\n\
https://example.com/live\n\
— Jane Roe (@janeroe) May 15, 2025\n\
Thu 15 May 2025 18.36 BST\n\
Source: News agencies";
        let c = clean(
            page,
            Some("Ukraine war: Zelensky says Russia 'not serious' about peace talks"),
        );
        let why: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(
            why,
            [
                "title",
                "timestamp",
                "interface",
                "interface",
                "section_label",
                "caption",
                "related_headline",
                "dateline",
                "separator",
                "credit",
                "share_prompt",
                "embed",
                "embed",
                "timestamp",
                "credit"
            ]
        );
        assert_eq!(
            c.text,
            "Ukraine's president said on Thursday that Russia was not serious about peace.\n\
He spoke after meeting Turkey's president in Ankara for more than three hours.\n\
Delegations from both countries were expected to meet in Istanbul on Friday."
        );
        assert_eq!(c.dateline_place.as_deref(), Some("KYIV"));
        assert_eq!(c.date.as_deref(), Some("2025-05-15"));
    }

    #[test]
    fn list_items_are_content() {
        let c = clean(
            "Key facts:\n\n\u{2022} 12,000 people evacuated\n\n\u{2022} Ferries suspended until Friday\n\nMarkets slide as storm hits the coast",
            None,
        );
        assert_eq!(
            c.text,
            "Key facts:\n\n\u{2022} 12,000 people evacuated\n\n\u{2022} Ferries suspended until Friday"
        );
        assert_eq!(c.removed[0].reason, "related_headline");
    }

    #[test]
    fn sentence_broken_across_paragraphs_is_kept() {
        let text = "Zelenskyy told reporters,\n\n“We are ready to meet.”\n\nThe meeting\n\nwas held on Friday.";
        assert_eq!(clean(text, None).text, text);
    }

    #[test]
    fn reported_sentences_about_links_are_news() {
        let text = "Victims who click on the link are sent to a fake bank page, police said on Tuesday.\n\n\
“Follow us on the road to peace,” the president told the crowd in Kyiv.";
        let c = clean(text, None);
        assert_eq!(c.text, text);
        assert!(c.removed.is_empty());
        for text in [
            "Updated figures showed inflation fell to 2.8% in February.",
            "Related measures were announced on Friday by the finance ministry.",
            "Share prices fell 5% in early trading.",
            "Like us, the French government was surprised by the vote.",
            "Victims were asked to click on a link in the message.",
            "Residents can register for free flood alerts.",
            "Follow-up talks will take place later, with the latest round in June.",
            "Photo opportunities were limited at the summit.",
            "Research by Oxford University found a 3% rise.",
            "Copyright laws were changed in 2019.",
        ] {
            assert_eq!(clean(text, None).text, text);
        }
        let c = clean("Read more: Markets fall as storm nears\n\nRelated\n\nTalks ended on Friday in the city.", None);
        assert_eq!(c.text, "Talks ended on Friday in the city.");
        assert!(c.removed.iter().all(|r| r.reason == "share_prompt"));
    }

    #[test]
    fn never_cleans_a_short_note_away() {
        let c = clean("Talks ended\n\nNo deal yet", Some("Talks ended"));
        assert_eq!(c.text, "Talks ended\n\nNo deal yet");
        assert!(c.removed.is_empty());
        let c = clean("Share\n\nStorm hits coast", None);
        assert_eq!(c.text, "Storm hits coast");
        assert_eq!(c.removed[0].reason, "interface");
    }

    #[test]
    fn keeps_long_sentences() {
        let line = "Follow the money, investigators said on Thursday, as the inquiry into the collapse widened.";
        let c = clean(line, None);
        assert_eq!(c.text, line);
    }

    #[test]
    fn interface_and_bylines() {
        let c = clean(
            "Share Tweet Email\n\nBy Jane Doe and John Roe\n\nPublished 15 May 2025\n\nThe talks began on Friday in Istanbul, officials said.",
            None,
        );
        assert_eq!(
            reasons(&c),
            [
                ("interface", "Share Tweet Email"),
                ("byline", "By Jane Doe and John Roe"),
                ("timestamp", "Published 15 May 2025"),
            ]
        );
        assert_eq!(c.date.as_deref(), Some("2025-05-15"));
        assert_eq!(c.byline.as_deref(), Some("Jane Doe and John Roe"));
    }
}
