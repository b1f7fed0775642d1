//! Spelling keys and similarity for names.
//!
//! In: name tokens as written. Out: keys that are equal for spellings of
//! one name, and a fuzzy test for misspellings.
//!
//! * [`translit_key`] absorbs diacritics and transliteration habits
//!   (Zelensky/Zelenskyy/Zelenskiy, Sergei/Sergey, Erdoğan/Erdogan): equal
//!   keys mean "the same name written differently", safe to merge.
//! * [`phonetic_key`] is a coarse consonant skeleton (Bondarev/Bondruff,
//!   Dolmabahçe/Dormabach); with [`edit_similarity`] it only *proposes* a
//!   misspelling, which the caller must confirm from context (kind, first
//!   name, role) before merging.

use corroborate_core::text::edit_distance;
use corroborate_core::text::fold;

/// Folded letters of `s` only (digits kept), with possessive `'s` removed.
pub fn letters(s: &str) -> String {
    let f = fold(s);
    let f = f
        .strip_suffix("'s")
        .or_else(|| f.strip_suffix("'"))
        .unwrap_or(&f)
        .to_string();
    f.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Transliteration-insensitive key of one name token.
pub fn translit_key(token: &str) -> String {
    let base = letters(token);
    let mut s = base
        .replace("kh", "h")
        .replace("ph", "f")
        .replace("ck", "k")
        .replace('x', "ks")
        .replace('w', "v")
        .replace(['y', 'j'], "i")
        .replace('q', "k");
    // Collapse doubled letters (Zelenskyy → zelenskii → zelenski).
    let mut collapsed = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        if Some(c) != prev {
            collapsed.push(c);
        }
        prev = Some(c);
    }
    s = collapsed;
    // Final -ei/-ey/-iy (Sergei/Sergey, Andriy/Andrey) all end in -i.
    for ending in ["ei", "ii"] {
        if s.len() > 4 && s.ends_with(ending) {
            s.truncate(s.len() - ending.len());
            s.push('i');
        }
    }
    s
}

/// Coarse sound skeleton: first letter, then consonant classes with vowels
/// and `h` dropped and repeats collapsed.
pub fn phonetic_key(token: &str) -> String {
    let base = letters(token);
    let mut chars = base.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::new();
    out.push(first);
    let mut prev = class_of(first);
    for c in chars {
        let class = class_of(c);
        match class {
            None => prev = None,
            Some(k) if Some(k) == prev => {}
            Some(k) => {
                out.push(k);
                prev = Some(k);
            }
        }
    }
    out
}

/// Consonant class used by [`phonetic_key`]; `None` for vowels and `h`.
fn class_of(c: char) -> Option<char> {
    Some(match c {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' | 'w' => return None,
        'b' | 'p' => 'b',
        'f' | 'v' => 'f',
        'c' | 'k' | 'q' | 'g' => 'k',
        'd' | 't' => 't',
        'l' | 'r' => 'r',
        's' | 'z' | 'x' => 's',
        'm' => 'm',
        'n' => 'n',
        'j' => 'j',
        other => other,
    })
}

/// 1 − distance / longer length, on transliteration keys.
pub fn edit_similarity(a: &str, b: &str) -> f32 {
    let (ka, kb) = (translit_key(a), translit_key(b));
    let longest = ka.chars().count().max(kb.chars().count());
    if longest == 0 {
        return 0.0;
    }
    1.0 - edit_distance(&ka, &kb) as f32 / longest as f32
}

/// True when two single name tokens are plausibly one name misspelt: same
/// first letter, at least five letters, and either close in edit distance
/// (≥ 0.72 similar) or of equal sound skeleton with similar length.
pub fn plausible_misspelling(a: &str, b: &str) -> bool {
    let (ka, kb) = (translit_key(a), translit_key(b));
    if ka == kb {
        return true;
    }
    let (la, lb) = (ka.chars().count(), kb.chars().count());
    if la < 5 || lb < 5 || ka.chars().next() != kb.chars().next() {
        return false;
    }
    if edit_similarity(a, b) >= 0.72 {
        return true;
    }
    let (pa, pb) = (phonetic_key(a), phonetic_key(b));
    pa == pb && pa.chars().count() >= 4 && la.abs_diff(lb) <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_share_a_key() {
        assert_eq!(translit_key("Zelenskyy"), translit_key("Zelensky"));
        assert_eq!(translit_key("Zelenskiy"), translit_key("Zelensky"));
        assert_eq!(translit_key("Zelenskyy's"), translit_key("Zelensky"));
        assert_eq!(translit_key("Sergei"), translit_key("Sergey"));
        assert_eq!(translit_key("Erdoğan"), translit_key("Erdogan"));
        assert_ne!(translit_key("Putin"), translit_key("Rubio"));
    }

    #[test]
    fn misspellings_are_proposed_but_different_names_are_not() {
        assert!(plausible_misspelling("Medinsky", "Medesky"));
        assert!(plausible_misspelling("Bondarev", "Bondruff"));
        assert!(plausible_misspelling("Dolmabahçe", "Dormabach"));
        assert!(!plausible_misspelling("Putin", "Rubio"));
        assert!(!plausible_misspelling("Medinsky", "Lavrov"));
        assert!(!plausible_misspelling("Iran", "Iraq"));
        assert!(!plausible_misspelling("Ankara", "Antalya"));
    }
}
