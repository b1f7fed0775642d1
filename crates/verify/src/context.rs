//! Story-wide context votes: which of two versions of one sentence the
//! rest of the story backs, when the claim's own members do not say.
//!
//! In: the story's articles, their source groups, and a difference between
//! two members of one claim (the two sentences and their differing words).
//! Out: votes for each side, one per source group.
//!
//! Why: an original and its near-copy that differ by one word (a changed
//! figure, an antonym, a swapped name) often sit in a claim whose other
//! members paraphrase the fact without that word, so the claim cannot say
//! which version departs. Other outlets often do say it, in another
//! sentence that shares the fact's context ("… killed five people" in the
//! lede, "the five victims" later); and the copy's own text usually still
//! says what its original said elsewhere. A sentence votes only when it
//! shares enough of the two versions' common content words (the context)
//! and holds one side's differing words and not the other's: raw word
//! counts across the story were tried before and mislead, because the word
//! a distortion brings in is often common elsewhere in the story.
//!
//! Invariants: one vote per independent source group (a group's articles
//! repeat each other; the two sides' own group votes once, from its
//! sentences other than the two compared); deterministic (ordered maps
//! only); bounded cost: each article's keys are computed once, and at most
//! [`CONTEXT_VOTE_BUDGET`] differences per story are looked up (beyond it
//! the caller's convention decides).

use crate::lexicon::{self, Tok};
use corroborate_core::Article;
use std::cell::{Cell, OnceCell};
use std::collections::{BTreeMap, BTreeSet};

/// How many differences per story may be settled by a story-wide look-up;
/// each scans one article per source group, so a story of thousands of
/// one-sentence variants stays linear.
pub const CONTEXT_VOTE_BUDGET: usize = 256;

/// Fewest shared context words for a sentence to speak about the same fact.
const MIN_SHARED: usize = 3;

/// Overlap coefficient (shared context words over the smaller of the
/// context and the sentence's content words) a sentence must reach to
/// speak about the same fact (with at least [`MIN_SHARED`] shared): the
/// smaller side, because another outlet often states the fact in a short
/// sentence that holds only part of a long one's context.
const MIN_OVERLAP: f32 = 0.3;

/// A sentence's words, the keys ([`loose_key`]) of all its words, and the
/// number of distinct content-word keys.
type SentenceKeys = (Vec<Tok>, BTreeSet<String>, usize);

/// Content-word keys of each article's sentences, computed on first use.
pub(crate) struct StoryContext<'a> {
    articles: &'a [Article],
    /// One article per source group other than the sides' (the first in
    /// input order), in group order.
    representatives: BTreeMap<usize, usize>,
    sentences: Vec<OnceCell<Vec<SentenceKeys>>>,
    budget: Cell<usize>,
}

/// What one sentence of the story says on a difference, from its words
/// and their keys ([`loose_key`]): (backs side x, backs side y).
pub(crate) type Judge<'j> = dyn Fn(&[Tok], &BTreeSet<String>) -> (bool, bool) + 'j;

/// A word's stem, a country's metonyms merged ("Kyiv" is "Ukraine"): a
/// report saying "Moscow and Kyiv" holds "Ukraine" as much as "Russia".
pub(crate) fn loose_key(t: &Tok) -> String {
    lexicon::country_of(&t.folded)
        .map(str::to_string)
        .unwrap_or_else(|| t.stem.clone())
}

/// Keys of a sentence's content words.
pub(crate) fn content_keys(toks: &[Tok]) -> BTreeSet<String> {
    toks.iter().filter(|t| !t.function).map(loose_key).collect()
}

/// Keys of all a sentence's words.
fn all_keys(toks: &[Tok]) -> BTreeSet<String> {
    toks.iter().map(loose_key).collect()
}

impl<'a> StoryContext<'a> {
    pub fn new(articles: &'a [Article], group_of: &dyn Fn(usize) -> usize) -> Self {
        let mut representatives = BTreeMap::new();
        for a in 0..articles.len() {
            representatives.entry(group_of(a)).or_insert(a);
        }
        StoryContext {
            articles,
            representatives,
            sentences: (0..articles.len()).map(|_| OnceCell::new()).collect(),
            budget: Cell::new(CONTEXT_VOTE_BUDGET),
        }
    }

    /// Each sentence's words, the keys of all its words and how many
    /// content words it has.
    fn article_sentences(&self, a: usize) -> &[SentenceKeys] {
        let Some(cell) = self.sentences.get(a) else {
            return &[];
        };
        cell.get_or_init(|| {
            self.articles[a]
                .sentences
                .iter()
                .map(|s| {
                    let toks = lexicon::tokens(&s.text);
                    let keys = all_keys(&toks);
                    let content = content_keys(&toks).len();
                    (toks, keys, content)
                })
                .collect()
        })
    }

    /// Votes (for x, for y) of the story outside the claim on a difference
    /// between member `x` and member `y` ((article, sentence)) of one source
    /// group `own`: one vote per other group, from its representative's
    /// sentences that share the context; and one for the own group, from
    /// the two sides' other sentences (a copy that says elsewhere what its
    /// original says backs the original). `context` holds the content-word
    /// keys the two versions share ([`content_keys`], differing words out);
    /// `judge` says which side a sentence of the context backs. `None` when
    /// the budget is spent or the two versions share too little context to
    /// look for.
    pub fn votes(
        &self,
        own: usize,
        x: (usize, usize),
        y: (usize, usize),
        context: &BTreeSet<String>,
        judge: &Judge,
    ) -> Option<(usize, usize)> {
        if context.len() < MIN_SHARED {
            return None;
        }
        let left = self.budget.get();
        if left == 0 {
            return None;
        }
        self.budget.set(left - 1);
        let vote = |(toks, keys, content): &SentenceKeys| -> (bool, bool) {
            let shared = context.iter().filter(|k| keys.contains(*k)).count();
            let smaller = context.len().min(*content).max(1);
            if shared < MIN_SHARED || (shared as f32) < MIN_OVERLAP * smaller as f32 {
                return (false, false);
            }
            judge(toks, keys)
        };
        // A group backs a side when some of its sentences do and none backs
        // the other.
        let group_vote = |sentences: &mut dyn Iterator<Item = &SentenceKeys>| {
            let (mut vx, mut vy) = (false, false);
            for s in sentences {
                let (a, b) = vote(s);
                vx |= a;
                vy |= b;
            }
            (vx && !vy, vy && !vx)
        };
        let (mut bx, mut by) = (0usize, 0usize);
        for (&g, &a) in &self.representatives {
            if g == own {
                continue;
            }
            let (vx, vy) = group_vote(&mut self.article_sentences(a).iter());
            bx += usize::from(vx);
            by += usize::from(vy);
        }
        let others = |(article, sentence): (usize, usize)| {
            self.article_sentences(article)
                .iter()
                .enumerate()
                .filter(move |&(i, _)| i != sentence)
                .map(|(_, s)| s)
        };
        let (vx, vy) = group_vote(&mut others(x).chain(others(y)));
        bx += usize::from(vx);
        by += usize::from(vy);
        Some((bx, by))
    }
}
