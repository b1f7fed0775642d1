//! The cited summary.
//!
//! In: the articles, their alignment (source groups, representatives), the
//! extraction (entities, mentions, quotes with speakers, quantities, days)
//! and the [`Verification`] (claim verdicts, fidelity, garble). Out: up to
//! [`MAX_SENTENCES`] [`SummarySentence`]s, most important first.
//!
//! Choice (MMR-style): every claim gets a relevance from its *independent
//! support* (source groups that really support the sentence shown, see
//! below) and its *centrality*: how early its members stand in their
//! articles (what the sources lead with), how much it shares with the
//! articles' titles and with the other sources' ledes. Claims are then
//! taken greedily by relevance, plus a bonus for main actors not yet
//! covered (each person or organisation at least half of the independent
//! source groups mention, weighted by the share that does: a story's
//! summary names who most outlets name, not only its top four), minus the
//! similarity to sentences already taken; a near repeat is never taken. A
//! claim whose members do not all support one another (the aligner joined
//! "X aimed to defuse speculation about another run" and "X ruled out
//! running in 2012 or 2016") gives a candidate per fact: a member neither
//! supporting the shown wording nor supported by it is shown in its own
//! right (at most [`MAX_FACTS_PER_CLAIM`] per claim).
//!
//! Wording: the sentence shown is one member of the claim, taken from an
//! article neither blamed for distorting the claim nor garbled (relative
//! to the story: the norm is one score per independent source group, so
//! that two related reports do not make a third look unusual) when a clean
//! member exists. Each sentence must stand alone: a "he"/"she" with no
//! person named before it in the sentence
//! ("He said…", "Speaking aboard Air Force One, he stated…") is replaced by
//! a full name the extraction knows (the speaker of the sentence's quote,
//! else the one person that is the speaker or the subject of the sentence
//! before); a piece of a quote spanning several sentences gets its marks
//! and its speaker back. A member that cannot be made to stand alone is
//! never shown: an unresolved or possessive pronoun ("his", "it", "they",
//! "this" opening it or its first clause behind function words only: "Of
//! those, …"), "its"/"their" before a name with no name before it ("the
//! restructuring of its Public Investment Fund"), a first person outside
//! quotation marks ("US" is the country), a quote without a verb of saying
//! and a name, a piece of a quote opening with a conjunction ("Although
//! I…"), a question, a headline or title repeated, a photo caption. A
//! quoted title ("Gone With the Wind": every word capitalised) needs no
//! speaker; "them" after a name of any kind has its antecedent; a quote
//! opened after words of narration and running into the next sentence
//! ("Asked …, Clinton replied: "Oh yes, yes.") is closed where the
//! sentence ends.
//!
//! Citations: an article is cited only when one of its sentences in the
//! claim supports the sentence shown: no difference found by
//! [`crate::compare`] (number, day, name, negation, antonym, …), every
//! number, day and person of the shown sentence present in it, and at
//! least half of its IDF-weighted content stems (0.175 when both report
//! the same event of the same actor, see `corroborate_align::predicates`,
//! `event_keys`), and, for a quote, [`MIN_QUOTE_RECALL`] of the quote's own
//! words; and no explicit negation on one side only unless both report the
//! same event ("No charges were brought by the CPS" is not carried by "the
//! CPS must now bend its endeavours to his prosecution"; "would not attend"
//! is by "skipped"). Supporting sentences are looked for in the claim and,
//! by the same test, among other claims' sentences reporting the same
//! event of the same actor (one fact the aligner left in several claims:
//! "Moscow's delegation is led by Medinsky" / "the Russian side is being
//! led by Vladimir Medinsky") or quoting the same speaker with half of the
//! quote's weighted words, two at least ("We want a strong package of
//! sanctions" / "We want strong sanctions on Russia…"). This grouping is
//! the summary's only: claims and verify's findings are unchanged, so it
//! cannot raise a contradiction. `support`
//! counts the cited articles' independent source groups, so copies count
//! once. Among a claim's members the one the most source groups support is
//! shown; a claim whose shown sentence an already chosen one supports is a
//! repeat.
//!
//! Invariants: no sentence is taken from an article blamed for
//! contradicting or diverging on that claim; the shown sentence's own
//! article is always cited; no two summary sentences say nearly the same
//! thing; output depends only on the inputs (deterministic).

use crate::compare::{compare_sides, content_overlap, Side};
use crate::lexicon::{tokens, Tok};
use crate::{ClaimVerdict, Verification};
use corroborate_align::StoryAlignment;
use corroborate_core::{AnalysisConfig, Article, EntityKind, SummarySentence};
use corroborate_extract::Extraction;
use std::collections::{BTreeMap, BTreeSet};

/// Most sentences in a summary.
pub const MAX_SENTENCES: usize = 8;
/// Above this content overlap two summary sentences count as repeats.
const REPEAT_OVERLAP: f32 = 0.6;
/// A garble score this high marks an article as garbled whatever the
/// others score…
const GARBLED_ABSOLUTE: f32 = 0.7;
/// …and so does one this far above the story's median (the score is
/// relative to the other sources).
const GARBLED_MARGIN: f32 = 0.3;
/// Share of the shown sentence's weighted content a citing sentence must carry…
const MIN_CONTENT_RECALL: f32 = 0.5;
/// …or, when both report the same event of the same actor, this share.
const MIN_EVENT_RECALL: f32 = 0.175;
/// Share of a quote's weighted words a citing sentence must carry: less
/// than for the whole sentence, as quotes are translated and trimmed in
/// other words ("I don't believe anything's going to happen until he and I
/// get together" / "Nothing's going to happen until Putin and I get
/// together").
const MIN_QUOTE_RECALL: f32 = 0.3;
/// Lede sentences per article for centrality.
const LEDE_SENTENCES: usize = 3;
/// Claims given the full (variant and citation) treatment.
const MAX_CANDIDATES: usize = 120;
/// Most summary candidates one claim gives (see `candidate`).
const MAX_FACTS_PER_CLAIM: usize = 3;
/// Distinct member wordings looked at per claim.
const MAX_VARIANTS: usize = 8;
/// Words at the start of a sentence where its subject is named.
const SUBJECT_WORDS: usize = 5;
/// Fewest words of a summary sentence.
const MIN_WORDS: usize = 7;
/// Weights of the relevance terms and of the MMR step.
const W_SUPPORT: f32 = 1.2;
const W_LEDE: f32 = 0.8;
const W_TITLE: f32 = 1.0;
const W_LEDE_OVERLAP: f32 = 0.6;
const W_ACTOR: f32 = 0.3;
/// Most main actors (a story of many outlets names many people in
/// passing; the bonus is for the ones the story is about).
const MAX_ACTORS: usize = 8;
const W_REDUNDANCY: f32 = 0.6;

/// Pronouns that cannot open a summary sentence unresolved.
const DANGLING: &[&str] = &[
    "he", "she", "his", "her", "him", "they", "their", "them", "it", "its", "this", "these",
    "those", "such",
];
/// Of those, the ones a person's name can replace.
const PERSONAL: &[&str] = &["he", "she", "his", "her", "him"];
/// A first person outside quotation marks: a voice the reader cannot name.
const FIRST_PERSON: &[&str] = &["i", "we", "my", "our", "us", "me"];
/// Marks of a photo caption or credit, not a sentence of the story.
const CAPTION_MARKS: &[&str] = &[
    "photo",
    "(left)",
    ", from left,",
    ", left to right,",
    "(right)",
    "(l)",
    "(r)",
    "(c)",
    " | ",
    "image caption",
    "file -",
    "pictured",
    "handout",
];
/// Words that make a piece of a longer quote lean on the piece before.
const CONJUNCTIONS: &[&str] = &[
    "although", "though", "because", "while", "whereas", "and", "but", "or", "so", "which",
];
/// Openers dropped from a summary sentence (they lean on the sentence before).
const LEANING_OPENERS: &[&str] = &[
    "but ",
    "and ",
    "however, ",
    "meanwhile, ",
    "instead, ",
    "still, ",
    "yet ",
];

/// A claim member as it would be shown.
struct Shown {
    /// Independent source groups among the citations.
    support: usize,
    member: (usize, usize),
    /// The member's text made to stand alone.
    text: String,
    /// Cited articles, sorted.
    citations: Vec<usize>,
    /// Sentences that support it (itself included), in its claim or
    /// outside it.
    supporters: BTreeSet<(usize, usize)>,
}

struct Candidate {
    verdict: usize,
    /// The member shown.
    shown: (usize, usize),
    text: String,
    /// Cited articles, sorted.
    citations: Vec<usize>,
    support: usize,
    relevance: f32,
    actors: BTreeSet<usize>,
    vector: BTreeMap<String, f32>,
    /// Sentences that support the shown one (itself included), in its
    /// claim or outside it.
    supporters: BTreeSet<(usize, usize)>,
}

impl Candidate {
    /// Whether an already picked candidate's sentence supports this one's:
    /// the fact is stated already, in other words (two claims the aligner
    /// left apart).
    fn stated_by(&self, picked: &Candidate) -> bool {
        self.supporters.contains(&picked.shown)
    }
}

/// [`summarize_with`] under the default settings.
pub fn summarize(
    articles: &[Article],
    alignment: &StoryAlignment,
    extraction: &Extraction,
    verification: &Verification,
) -> Vec<SummarySentence> {
    summarize_with(
        articles,
        alignment,
        extraction,
        verification,
        &AnalysisConfig::default(),
    )
}

/// The cited summary (see the module doc); `config` is the one the
/// verification ran with, for the citation checks.
pub fn summarize_with(
    articles: &[Article],
    alignment: &StoryAlignment,
    extraction: &Extraction,
    verification: &Verification,
    config: &AnalysisConfig,
) -> Vec<SummarySentence> {
    let story = Story::new(articles, alignment, extraction, verification, config);
    let mut candidates = story.candidates();
    let mut picked: Vec<Candidate> = Vec::new();
    let mut covered: BTreeSet<usize> = BTreeSet::new();
    while picked.len() < MAX_SENTENCES && !candidates.is_empty() {
        candidates.retain(|c| {
            !picked
                .iter()
                .any(|p| content_overlap(&p.text, &c.text) >= REPEAT_OVERLAP || c.stated_by(p))
        });
        let score = |c: &Candidate| {
            let new_actors: f32 = c
                .actors
                .iter()
                .filter(|&e| !covered.contains(e))
                .filter_map(|e| story.main_actors.get(e))
                .sum();
            let redundancy = picked
                .iter()
                .map(|p| cosine(&p.vector, &c.vector))
                .fold(0.0f32, f32::max);
            c.relevance + W_ACTOR * new_actors - W_REDUNDANCY * redundancy
        };
        let Some(best) = (0..candidates.len()).max_by(|&x, &y| {
            score(&candidates[x])
                .total_cmp(&score(&candidates[y]))
                .then(candidates[y].shown.cmp(&candidates[x].shown))
        }) else {
            break;
        };
        let c = candidates.swap_remove(best);
        covered.extend(c.actors.iter().copied());
        picked.push(c);
    }
    picked
        .into_iter()
        .map(|c| SummarySentence {
            text: c.text,
            citations: c
                .citations
                .iter()
                .filter_map(|&a| articles.get(a).map(|x| x.id.clone()))
                .collect(),
            support: c.support,
            claim: verification.verdicts.get(c.verdict).and_then(|v| v.claim),
        })
        .collect()
}

/// What the summary needs to know about the story, computed once.
struct Story<'a> {
    articles: &'a [Article],
    extraction: &'a Extraction,
    verification: &'a Verification,
    config: &'a AnalysisConfig,
    group: Vec<usize>,
    groups: usize,
    garbled: Vec<bool>,
    toks: Vec<Vec<Vec<Tok>>>,
    idf: BTreeMap<String, f32>,
    /// Lede vectors with their source group.
    ledes: Vec<(usize, BTreeMap<String, f32>)>,
    /// Title vectors with their source group.
    titles: Vec<(usize, BTreeMap<String, f32>)>,
    /// Entities (person or organisation) at least half of the source
    /// groups mention (at least two), most mentioned first, at most
    /// [`MAX_ACTORS`], with the share of the groups that mention them.
    main_actors: BTreeMap<usize, f32>,
    /// `entities_in[article][sentence]`: entities mentioned there.
    entities_in: Vec<Vec<BTreeSet<usize>>>,
    /// Folded words of the story's person names (3 letters or more).
    person_words: BTreeSet<String>,
    /// Content stem → the representatives' sentences holding it, to find
    /// supporting sentences outside a claim.
    stem_index: BTreeMap<String, Vec<(usize, usize)>>,
    /// The claim verdict of each member sentence.
    verdict_of: BTreeMap<(usize, usize), usize>,
    /// Event keys of the representatives' sentences under the story's
    /// names (`event_keys`), the cheap first test for supporters outside
    /// a claim; empty for copies.
    events: Vec<Vec<Vec<corroborate_align::predicates::PredicateKey>>>,
    /// Speakers of the full quoted statements each sentence carries.
    speakers: BTreeMap<(usize, usize), BTreeSet<usize>>,
}

impl<'a> Story<'a> {
    fn new(
        articles: &'a [Article],
        alignment: &StoryAlignment,
        extraction: &'a Extraction,
        verification: &'a Verification,
        config: &'a AnalysisConfig,
    ) -> Self {
        let n = articles.len();
        let group: Vec<usize> = (0..n)
            .map(|a| alignment.source_group.get(a).copied().unwrap_or(a))
            .collect();
        let groups = group.iter().collect::<BTreeSet<_>>().len().max(1);
        let representative = |a: usize| alignment.representative.get(a).is_none_or(|&r| r == a);
        let garble: Vec<f32> = (0..n)
            .map(|a| verification.garble.get(a).copied().unwrap_or(0.0))
            .collect();
        // The story's norm is one score per source group (the mean of its
        // articles'): two related reports scoring alike are one voice, and
        // would otherwise make a third, independent article look unusual.
        let mut by_group: BTreeMap<usize, (f32, usize)> = BTreeMap::new();
        for (a, &g) in garble.iter().enumerate() {
            let e = by_group.entry(group[a]).or_insert((0.0, 0));
            e.0 += g;
            e.1 += 1;
        }
        let mut norm: Vec<f32> = by_group.values().map(|&(s, k)| s / k as f32).collect();
        norm.sort_by(f32::total_cmp);
        let median = norm.get(norm.len() / 2).copied().unwrap_or(0.0);
        // An article blamed for inverting a claim (a contradiction) is as
        // untrustworthy a wording source as a garbled one: its sentences are
        // shown only where no other source's say the same, and a claim only
        // such articles make is left out of the summary.
        let distorting: BTreeSet<usize> = verification
            .verdicts
            .iter()
            .flat_map(|v| v.contradicting.iter().copied())
            .collect();
        let garbled: Vec<bool> = garble
            .iter()
            .enumerate()
            .map(|(a, &g)| {
                // The absolute level marks an article only against a cleaner
                // story: when most articles score above it (few sources, so
                // every phrase looks unusual), it says nothing about one.
                (g >= GARBLED_ABSOLUTE && median < GARBLED_ABSOLUTE)
                    || (norm.len() >= 3 && g >= median + GARBLED_MARGIN)
                    || distorting.contains(&a)
            })
            .collect();
        let toks: Vec<Vec<Vec<Tok>>> = articles
            .iter()
            .map(|a| a.sentences.iter().map(|s| tokens(&s.text)).collect())
            .collect();
        // Content stem → the representatives' sentences holding it; its
        // length is the stem's document frequency. Representatives only:
        // copies would make the story's own words look common.
        let mut stem_index: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        let mut total = 0usize;
        for (a, sentences) in toks.iter().enumerate() {
            if !representative(a) {
                continue;
            }
            for (s, t) in sentences.iter().enumerate() {
                total += 1;
                let stems: BTreeSet<&str> = t
                    .iter()
                    .filter(|t| !t.function && t.stem.len() > 1)
                    .map(|t| t.stem.as_str())
                    .collect();
                for stem in stems {
                    stem_index.entry(stem.to_string()).or_default().push((a, s));
                }
            }
        }
        let idf: BTreeMap<String, f32> = stem_index
            .iter()
            .map(|(k, places)| {
                (
                    k.clone(),
                    ((1 + total) as f32 / (1 + places.len()) as f32).ln() + 1.0,
                )
            })
            .collect();
        let mut story = Story {
            articles,
            extraction,
            verification,
            config,
            group,
            groups,
            garbled,
            toks,
            idf,
            ledes: Vec::new(),
            titles: Vec::new(),
            main_actors: BTreeMap::new(),
            entities_in: Vec::new(),
            person_words: extraction
                .entities
                .iter()
                .filter(|e| e.kind == EntityKind::Person)
                .flat_map(|e| e.variants.iter().chain([&e.canonical]))
                .flat_map(|v| {
                    // Title-case words only: "MPs" in a misread "Tory MPs"
                    // names nobody.
                    corroborate_core::text::words(v)
                        .into_iter()
                        .filter(|w| w.text.chars().skip(1).all(|c| !c.is_uppercase()))
                        .map(|w| corroborate_core::text::fold(w.text))
                        .collect::<Vec<_>>()
                })
                .filter(|w| w.len() >= 3 && !corroborate_core::text::is_stopword(w))
                .collect(),
            stem_index,
            verdict_of: BTreeMap::new(),
            events: Vec::new(),
            speakers: BTreeMap::new(),
        };
        for q in extraction.quote_list.iter().filter(|q| !q.partial) {
            if let Some(e) = q.speaker {
                for s in q.sentence..=q.last_sentence {
                    story.speakers.entry((q.article, s)).or_default().insert(e);
                }
            }
        }
        let names = corroborate_align::predicates::story_names(
            articles
                .iter()
                .enumerate()
                .filter(|&(a, _)| representative(a))
                .flat_map(|(_, x)| x.sentences.iter().map(|s| s.text.as_str())),
        );
        story.events = articles
            .iter()
            .enumerate()
            .map(|(a, x)| {
                if !representative(a) {
                    return Vec::new();
                }
                x.sentences
                    .iter()
                    .map(|s| corroborate_align::predicates::event_keys(&s.text, &names))
                    .collect()
            })
            .collect();
        for (i, v) in verification.verdicts.iter().enumerate() {
            for &m in &v.members {
                story.verdict_of.insert(m, i);
            }
        }
        for (a, article) in articles.iter().enumerate() {
            if !representative(a) {
                continue;
            }
            for s in 0..article.sentences.len().min(LEDE_SENTENCES) {
                let v = story.vector_of(&story.toks[a][s]);
                story.ledes.push((story.group[a], v));
            }
            if let Some(title) = &article.title {
                let v = story.vector_of(&tokens(title));
                story.titles.push((story.group[a], v));
            }
        }
        story.entities_in = articles
            .iter()
            .map(|a| vec![BTreeSet::new(); a.sentences.len()])
            .collect();
        // A quote's speaker is named by the sentence even as "he".
        for q in &extraction.quote_list {
            if let Some(e) = q.speaker {
                if let Some(set) = story
                    .entities_in
                    .get_mut(q.article)
                    .and_then(|x| x.get_mut(q.sentence))
                {
                    set.insert(e);
                }
            }
        }
        let mut groups_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for mentions in &extraction.mentions {
            for m in mentions {
                if let Some(set) = story
                    .entities_in
                    .get_mut(m.article)
                    .and_then(|x| x.get_mut(m.sentence))
                {
                    set.insert(m.entity);
                }
                let actor = extraction.entities.get(m.entity).is_some_and(|e| {
                    matches!(e.kind, EntityKind::Person | EntityKind::Organization)
                });
                if actor {
                    if let Some(&g) = story.group.get(m.article) {
                        groups_of.entry(m.entity).or_default().insert(g);
                    }
                }
            }
        }
        let mut actors: Vec<(usize, usize)> = groups_of
            .into_iter()
            .filter(|(_, g)| g.len() >= 2.min(story.groups))
            .map(|(e, g)| (e, g.len()))
            .collect();
        actors.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let half = story.groups.div_ceil(2).max(2).min(story.groups);
        story.main_actors = actors
            .into_iter()
            .filter(|&(_, g)| g >= half)
            .take(MAX_ACTORS)
            .map(|(e, g)| (e, g as f32 / story.groups as f32))
            .collect();
        story
    }

    fn sentence(&self, (a, s): (usize, usize)) -> Option<&'a str> {
        self.articles
            .get(a)?
            .sentences
            .get(s)
            .map(|x| x.text.as_str())
    }

    /// Unit-length IDF-weighted vector of content stems.
    fn vector_of(&self, toks: &[Tok]) -> BTreeMap<String, f32> {
        let mut v: BTreeMap<String, f32> = BTreeMap::new();
        for t in toks.iter().filter(|t| !t.function && t.stem.len() > 1) {
            *v.entry(t.stem.clone()).or_default() += self.idf.get(&t.stem).copied().unwrap_or(1.0);
        }
        let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.values_mut().for_each(|x| *x /= norm);
        }
        v
    }

    /// Weight of a sentence's place in its article: the lede counts most.
    fn position_weight(s: usize) -> f32 {
        1.0 / (1.0 + s as f32 / 2.0)
    }

    /// Cheap relevance used to choose which claims get the full treatment.
    fn pre_relevance(&self, v: &ClaimVerdict) -> f32 {
        W_SUPPORT * (v.support.saturating_sub(1)) as f32 / (self.groups - 1).max(1) as f32
            + W_LEDE * self.lede_term(&v.members)
    }

    /// Sum over source groups of their best member position, per group.
    fn lede_term(&self, members: &[(usize, usize)]) -> f32 {
        let mut best: BTreeMap<usize, f32> = BTreeMap::new();
        for &(a, s) in members {
            let Some(&g) = self.group.get(a) else {
                continue;
            };
            let w = Self::position_weight(s);
            let e = best.entry(g).or_insert(0.0);
            *e = e.max(w);
        }
        best.values().sum::<f32>() / self.groups as f32
    }

    fn candidates(&self) -> Vec<Candidate> {
        let mut order: Vec<(usize, f32)> = self
            .verification
            .verdicts
            .iter()
            .enumerate()
            .map(|(i, v)| (i, self.pre_relevance(v)))
            .collect();
        order.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        order
            .into_iter()
            .take(MAX_CANDIDATES)
            .flat_map(|(i, _)| self.candidate(i))
            .collect()
    }

    /// The claim's best shown member, its honest citations and relevance.
    fn candidate(&self, verdict: usize) -> Vec<Candidate> {
        let Some(v) = self.verification.verdicts.get(verdict) else {
            return Vec::new();
        };
        let usable: Vec<(usize, usize)> = v
            .members
            .iter()
            .copied()
            .filter(|m| !v.contradicting.contains(&m.0) && !v.diverging.contains(&m.0))
            .filter(|&m| self.sentence(m).is_some())
            .collect();
        // One member per wording: copies say the same words.
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut variants: Vec<(usize, usize)> = usable
            .iter()
            .copied()
            .filter(|&m| seen.insert(self.sentence(m).unwrap_or("")))
            .collect();
        let any_clean = variants.iter().any(|m| !self.garbled[m.0]);
        if any_clean {
            variants.retain(|m| !self.garbled[m.0]);
        }
        variants.sort_by(|&x, &y| {
            self.wording_rank(y)
                .total_cmp(&self.wording_rank(x))
                .then(x.cmp(&y))
        });
        variants.truncate(MAX_VARIANTS);
        let mut shown_options: Vec<Shown> = Vec::new();
        for m in variants {
            let Some(text) = self.standalone(m) else {
                continue;
            };
            let mut citations = self.citations(m, &usable);
            let mut supporters: BTreeSet<(usize, usize)> = usable
                .iter()
                .copied()
                .filter(|x| citations.contains(&x.0))
                .collect();
            supporters.insert(m);
            for x in self.outside_supporters(m, v) {
                supporters.insert(x);
                if let Err(at) = citations.binary_search(&x.0) {
                    citations.insert(at, x.0);
                }
            }
            let support = self.support_of(&citations);
            shown_options.push(Shown {
                support,
                member: m,
                text,
                citations,
                supporters,
            });
        }
        // The best-supported wording first; a member that does not support
        // it reports another fact the aligner put in the same claim ("…
        // aimed to defuse speculation about another run" / "…ruled out
        // running for president in 2012 or 2016"), shown in its own right.
        let mut out = Vec::new();
        while out.len() < MAX_FACTS_PER_CLAIM && !shown_options.is_empty() {
            let best = (0..shown_options.len())
                .rev()
                .max_by_key(|&i| shown_options[i].support)
                .unwrap_or(0);
            let chosen = shown_options.remove(best);
            // Either way supported is one fact.
            shown_options.retain(|o| {
                !chosen.supporters.contains(&o.member) && !o.supporters.contains(&chosen.member)
            });
            if let Some(c) = self.described(verdict, chosen) {
                out.push(c);
            }
        }
        out
    }

    /// A shown wording of a claim as a candidate, with its relevance;
    /// `None` when only garbled articles carry it.
    fn described(
        &self,
        verdict: usize,
        Shown {
            support,
            member: shown,
            text,
            citations,
            supporters,
        }: Shown,
    ) -> Option<Candidate> {
        if citations.iter().all(|&a| self.garbled[a]) {
            return None;
        }
        let vector = self.vector_of(&self.toks[shown.0][shown.1]);
        // What the sources lead with: the supporting sentences' places,
        // in the claim or outside it.
        let cited_members: Vec<(usize, usize)> = supporters.iter().copied().collect();
        let title = self.mean_best(&self.titles, &vector, None);
        let lede_overlap = self.mean_best(&self.ledes, &vector, Some(self.group[shown.0]));
        let garbled_penalty = if self.garbled[shown.0] { 2.0 } else { 0.0 };
        let relevance = W_SUPPORT * (support.saturating_sub(1)) as f32
            / (self.groups - 1).max(1) as f32
            + W_LEDE * self.lede_term(&cited_members)
            + W_TITLE * title
            + W_LEDE_OVERLAP * lede_overlap
            - garbled_penalty;
        let actors = self.entities_in[shown.0][shown.1]
            .iter()
            .copied()
            .filter(|e| {
                self.extraction.entities.get(*e).is_some_and(|x| {
                    matches!(x.kind, EntityKind::Person | EntityKind::Organization)
                })
            })
            .collect();
        Some(Candidate {
            verdict,
            shown,
            text,
            citations,
            support,
            relevance,
            actors,
            vector,
            supporters,
        })
    }

    /// Sentences of other claims that support the shown sentence `d` (the
    /// same fact in other words, which the aligner left apart): at least
    /// [`MIN_EVENT_RECALL`] of its weighted content by the stem index and
    /// the same event of the same actor (`event_keys`), then
    /// [`Self::supports`]. Content overlap alone is not enough here: the
    /// aligner already judged these pairs, and outside a claim a topic
    /// neighbour easily carries most of a short sentence's words ("Recycling
    /// of e-waste is on the rise" / "…trash would rise to 28.6 million
    /// tonnes"). Articles whose sentence is shown or in the claim,
    /// and articles blamed on this claim or on the supporter's own, are
    /// left out. Summary-only: the claims and verify's findings are not
    /// changed.
    fn outside_supporters(&self, d: (usize, usize), v: &ClaimVerdict) -> Vec<(usize, usize)> {
        let in_claim: BTreeSet<usize> = v.members.iter().map(|m| m.0).collect();
        let blamed =
            |a: usize, v: &ClaimVerdict| v.contradicting.contains(&a) || v.diverging.contains(&a);
        let mut all = 0.0f32;
        let mut have: BTreeMap<(usize, usize), f32> = BTreeMap::new();
        let mut counted: BTreeSet<&str> = BTreeSet::new();
        for t in self.toks[d.0][d.1]
            .iter()
            .filter(|t| !t.function && t.stem.len() > 1)
        {
            if !counted.insert(t.stem.as_str()) {
                continue;
            }
            let w = self.idf.get(&t.stem).copied().unwrap_or(1.0);
            all += w;
            for &m in self.stem_index.get(&t.stem).into_iter().flatten() {
                if m.0 != d.0 && !in_claim.contains(&m.0) {
                    *have.entry(m).or_default() += w;
                }
            }
        }
        if all <= 0.0 {
            return Vec::new();
        }
        let keys = |(a, s): (usize, usize)| {
            self.events
                .get(a)
                .and_then(|x| x.get(s))
                .map(Vec::as_slice)
                .unwrap_or(&[])
        };
        let kd = keys(d);
        let speakers_d = self.speakers.get(&d);
        if kd.is_empty() && speakers_d.is_none() {
            return Vec::new();
        }
        // A statement of the same speaker is the same kind of event ("X
        // said …"); the content test below still has to pass in full.
        let same_speaker = |m: (usize, usize)| {
            speakers_d.is_some_and(|sd| self.speakers.get(&m).is_some_and(|sm| !sd.is_disjoint(sm)))
        };
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (m, h) in have {
            let recall = h / all;
            let same_event = || {
                keys(m).iter().any(|k| kd.contains(k))
                    || (same_speaker(m) && self.restates_quote(d, m))
            };
            if recall < MIN_EVENT_RECALL
                || !same_event()
                || blamed(m.0, v)
                || out.last().is_some_and(|x| x.0 == m.0)
            {
                continue;
            }
            let own = self
                .verdict_of
                .get(&m)
                .and_then(|&i| self.verification.verdicts.get(i));
            if own.is_some_and(|o| blamed(m.0, o)) {
                continue;
            }
            if self.supports(d, m) {
                out.push(m);
            }
        }
        out
    }

    /// Mean over source groups (other than `except`) of the best cosine
    /// with one of their `vectors`.
    fn mean_best(
        &self,
        vectors: &[(usize, BTreeMap<String, f32>)],
        v: &BTreeMap<String, f32>,
        except: Option<usize>,
    ) -> f32 {
        let mut best: BTreeMap<usize, f32> = BTreeMap::new();
        for (g, w) in vectors {
            if Some(*g) == except {
                continue;
            }
            let c = cosine(v, w);
            let e = best.entry(*g).or_insert(0.0);
            *e = e.max(c);
        }
        if best.is_empty() {
            0.0
        } else {
            best.values().sum::<f32>() / best.len() as f32
        }
    }

    /// Preference among wordings: faithful, clean, a readable length.
    fn wording_rank(&self, m: (usize, usize)) -> f32 {
        let Some(text) = self.sentence(m) else {
            return f32::MIN;
        };
        let fidelity = self
            .verification
            .fidelity
            .get(m.0)
            .copied()
            .flatten()
            .unwrap_or(0.5);
        let garble = self.verification.garble.get(m.0).copied().unwrap_or(0.0);
        let words = corroborate_core::text::words(text).len();
        let length_fit = if (10..=40).contains(&words) { 0.2 } else { 0.0 };
        fidelity - garble + length_fit
    }

    fn support_of(&self, citations: &[usize]) -> usize {
        citations
            .iter()
            .map(|&a| self.group[a])
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Articles with a member that supports the shown sentence (its own
    /// article always), sorted.
    fn citations(&self, shown: (usize, usize), members: &[(usize, usize)]) -> Vec<usize> {
        let mut verdict_of_text: BTreeMap<&str, bool> = BTreeMap::new();
        let mut out: BTreeSet<usize> = BTreeSet::from([shown.0]);
        let shown_text = self.sentence(shown).unwrap_or("");
        for &m in members {
            if out.contains(&m.0) {
                continue;
            }
            let text = self.sentence(m).unwrap_or("");
            let supports = if text == shown_text {
                true
            } else if let Some(&known) = verdict_of_text.get(text) {
                known
            } else {
                let s = self.supports(shown, m);
                verdict_of_text.insert(text, s);
                s
            };
            if supports {
                out.insert(m.0);
            }
        }
        out.into_iter().collect()
    }

    /// Whether sentence `m` supports sentence `d` (see the module doc).
    fn supports(&self, d: (usize, usize), m: (usize, usize)) -> bool {
        let (Some(td), Some(tm)) = (self.sentence(d), self.sentence(m)) else {
            return false;
        };
        let times = |(a, s): (usize, usize)| {
            self.extraction
                .times
                .get(a)
                .and_then(|x| x.get(s))
                .map(Vec::as_slice)
                .unwrap_or(&[])
        };
        let (sd, sm) = (Side::new(td, times(d)), Side::new(tm, times(m)));
        if !compare_sides(&sd, &sm, self.config).is_empty() {
            return false;
        }
        // Every person the shown sentence names.
        let persons = |(a, s): (usize, usize)| -> BTreeSet<usize> {
            self.entities_in[a][s]
                .iter()
                .copied()
                .filter(|&e| {
                    self.extraction
                        .entities
                        .get(e)
                        .is_some_and(|x| x.kind == EntityKind::Person)
                })
                .collect()
        };
        if !persons(d).is_subset(&self.entities_in[m.0][m.1]) {
            return false;
        }
        // Every number of the shown sentence.
        let values = |(a, s): (usize, usize)| -> Vec<f64> {
            self.extraction
                .quantities
                .get(a)
                .and_then(|x| x.get(s))
                .map(|q| q.iter().filter_map(|q| q.value).collect())
                .unwrap_or_default()
        };
        let vm = values(m);
        if !values(d)
            .iter()
            .all(|x| vm.iter().any(|y| (x - y).abs() <= 1e-9 * x.abs().max(1.0)))
        {
            return false;
        }
        // Every day of the shown sentence (resolved date, else the words).
        let day_key = |t: &corroborate_core::TimeExpr| {
            t.resolved
                .clone()
                .unwrap_or_else(|| corroborate_core::text::fold(&t.text))
        };
        let tm_days: BTreeSet<String> = times(m).iter().map(day_key).collect();
        if !times(d).iter().all(|t| tm_days.contains(&day_key(t))) {
            return false;
        }
        // Most of its weighted content.
        let (vd, vm) = (&self.toks[d.0][d.1], &self.toks[m.0][m.1]);
        let stems_m: BTreeSet<&str> = vm.iter().map(|t| t.stem.as_str()).collect();
        // A quote is supported by its words, not by the speaker's name and
        // title around it ("…,” Stephen Sanger, the lead independent
        // director, said" is not carried by another thing Sanger said).
        if self
            .quote_recall(td, &stems_m)
            .is_some_and(|(recall, _)| recall < MIN_QUOTE_RECALL)
        {
            return false;
        }
        let (mut have, mut all) = (0.0f32, 0.0f32);
        let mut counted: BTreeSet<&str> = BTreeSet::new();
        for t in vd.iter().filter(|t| !t.function && t.stem.len() > 1) {
            if !counted.insert(t.stem.as_str()) {
                continue;
            }
            let w = self.idf.get(&t.stem).copied().unwrap_or(1.0);
            all += w;
            if stems_m.contains(t.stem.as_str()) {
                have += w;
            }
        }
        let names = corroborate_align::predicates::story_names([td, tm]);
        let shared_event = {
            let kd = corroborate_align::predicates::event_keys(td, &names);
            let km = corroborate_align::predicates::event_keys(tm, &names);
            kd.iter().any(|k| km.contains(k))
        };
        // "No charges were brought by the CPS" is not carried by "the CPS
        // must now bend its endeavours to his prosecution", however many
        // words they share: a negation on one side only, with no event of
        // the same kind to say the two agree ("did not attend" / "skipped").
        let negated = |toks: &[Tok]| toks.iter().any(|t| crate::lexicon::is_negation(&t.folded));
        let negative = |toks: &[Tok]| toks.iter().any(|t| crate::lexicon::is_negative(&t.folded));
        if !shared_event && (negated(vd) && !negative(vm) || negated(vm) && !negative(vd)) {
            return false;
        }
        let recall = if all > 0.0 { have / all } else { 0.0 };
        recall >= MIN_CONTENT_RECALL || (shared_event && recall >= MIN_EVENT_RECALL)
    }

    /// Share of the quoted words of `text` (IDF-weighted, content words
    /// only) among `stems`, and how many distinct quoted stems are there;
    /// `None` when fewer than three content words are quoted.
    fn quote_recall(&self, text: &str, stems: &BTreeSet<&str>) -> Option<(f32, usize)> {
        let quoted: Vec<Tok> = quoted_regions(text)
            .unwrap_or_default()
            .iter()
            .filter_map(|&(x, y)| text.get(x..y))
            .flat_map(tokens)
            .filter(|t| !t.function && t.stem.len() > 1)
            .collect();
        if quoted.len() < 3 {
            return None;
        }
        let (mut have, mut all) = (0.0f32, 0.0f32);
        let mut shared: BTreeSet<&str> = BTreeSet::new();
        for t in &quoted {
            let w = self.idf.get(&t.stem).copied().unwrap_or(1.0);
            all += w;
            if stems.contains(t.stem.as_str()) {
                have += w;
                shared.insert(t.stem.as_str());
            }
        }
        Some((have / all.max(f32::MIN_POSITIVE), shared.len()))
    }

    /// Whether `m`, a statement of the same speaker as the quote of `d`,
    /// says the quote's words: half of them (weighted) and two at least
    /// ("A ceasefire is the priority" is not carried by another quote that
    /// merely names a ceasefire).
    fn restates_quote(&self, d: (usize, usize), m: (usize, usize)) -> bool {
        let (Some(td), Some(_)) = (self.sentence(d), self.sentence(m)) else {
            return false;
        };
        let stems_m: BTreeSet<&str> = self.toks[m.0][m.1]
            .iter()
            .map(|t| t.stem.as_str())
            .collect();
        self.quote_recall(td, &stems_m)
            .is_some_and(|(recall, shared)| recall >= MIN_CONTENT_RECALL && shared >= 2)
    }

    /// The member's text made to stand alone, or `None` when it cannot be
    /// (see the module doc).
    fn standalone(&self, (a, s): (usize, usize)) -> Option<String> {
        let raw = self.sentence((a, s))?.trim();
        // "(Clinton may also have been more careful than usual …)": an aside
        // in parentheses reads as a sentence without them.
        let raw = raw
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .map(str::trim)
            .filter(|inner| !inner.contains(['(', ')']) && inner.ends_with(['.', '!', '?']))
            .unwrap_or(raw);
        if corroborate_core::text::words(raw).len() < MIN_WORDS || !self.reads_as_report(a, raw) {
            return None;
        }
        let quotes: Vec<&corroborate_extract::ExtractedQuote> = self
            .extraction
            .quote_list
            .iter()
            .filter(|q| q.article == a && q.sentence <= s && s <= q.last_sentence)
            .collect();
        // A quote running on into the next sentence that opens after words
        // of narration ("Asked …, Clinton replied: “Oh yes, yes."): the
        // sentence names its speaker itself; its quote is closed here.
        let sentence_start = self.articles[a].sentences[s].start;
        let narrated_opening = quotes.iter().any(|q| {
            q.sentence == s
                && q.sentence != q.last_sentence
                && raw
                    .get(..q.start.saturating_sub(sentence_start).min(raw.len()))
                    .is_some_and(|before| corroborate_core::text::words(before).len() >= 3)
        });
        let closed;
        let raw = if narrated_opening {
            let mark = if raw.rfind('"') > raw.rfind('“') {
                "\""
            } else {
                "”"
            };
            let stop = if raw.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            closed = format!("{raw}{stop}{mark}");
            closed.as_str()
        } else {
            raw
        };
        // A piece of a quote running over several sentences.
        if let Some(q) = quotes
            .iter()
            .filter(|_| !narrated_opening)
            .find(|q| q.sentence != q.last_sentence && !q.partial)
        {
            let speaker = self.person_name(q.speaker?)?;
            let body = if s == q.last_sentence && s != q.sentence {
                let close = raw.rfind(['”', '"'])?;
                raw[..close].trim()
            } else {
                raw
            };
            let body = body
                .trim_matches(|c: char| matches!(c, '“' | '”' | '"') || c.is_whitespace())
                .trim_end_matches(',');
            let body_words = corroborate_core::text::words(body);
            let opener = body_words
                .first()
                .map(|w| corroborate_core::text::fold(w.text));
            // "Although I still believe…": the piece leans on the one before.
            if body_words.len() < MIN_WORDS
                || opener.is_some_and(|w| CONJUNCTIONS.contains(&w.as_str()))
            {
                return None;
            }
            let end = if body.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            return Some(format!("{speaker} said: “{body}{end}”"));
        }
        let mut text = raw.to_string();
        for opener in LEANING_OPENERS {
            if text.len() > opener.len()
                && text.is_char_boundary(opener.len())
                && text[..opener.len()].eq_ignore_ascii_case(opener)
            {
                text = capitalise(&text[opener.len()..]);
                break;
            }
        }
        let inside = quoted_regions(&text)?;
        let quoted = |i: usize| inside.iter().any(|r| r.0 <= i && i < r.1);
        let words = corroborate_core::text::words(&text);
        let folded: Vec<String> = words
            .iter()
            .map(|w| corroborate_core::text::fold(w.text))
            .collect();
        // Where the sentence names a person (or a quote's speaker is known):
        // a pronoun after that point has its antecedent in the sentence.
        let sentence_start = self.articles[a].sentences[s].start;
        let offset = self.articles[a].sentences[s].text.find(raw).unwrap_or(0)
            + (raw.len() - text.len().min(raw.len()));
        let first_person_at = self
            .extraction
            .mentions
            .get(a)
            .into_iter()
            .flatten()
            .filter(|m| m.sentence == s && self.person_name(m.entity).is_some())
            .map(|m| m.start.saturating_sub(sentence_start + offset))
            .min();
        // Pronouns outside quotation marks that need their antecedent: one
        // opening the sentence or its first clause (a person's pronoun only
        // when no person is named before it), and a person's pronoun no
        // named person precedes.
        let first_clause_end = words
            .iter()
            .take(10)
            .position(|w| text[w.end..].starts_with(','))
            .map(|i| i + 1);
        let mut to_replace: Vec<usize> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let f = folded[i].trim_end_matches("'s").trim_end_matches("’s");
            if quoted(w.start) {
                continue;
            }
            // Opening: the first word, the first after the opening clause,
            // or one behind function words only ("Of those, …", "In its
            // report, …").
            let opening = i == 0
                || Some(i) == first_clause_end
                || (first_clause_end.is_some_and(|e| i < e)
                    && folded[..i]
                        .iter()
                        .all(|f| corroborate_core::text::is_stopword(f)));
            // "…the restructuring of its Public Investment Fund": a named
            // thing of an owner the sentence never names.
            let unnamed_owner = matches!(f, "its" | "their")
                && words
                    .get(i + 1)
                    .is_some_and(|n| n.text.chars().next().is_some_and(char::is_uppercase))
                && !words
                    .get(1..i)
                    .into_iter()
                    .flatten()
                    .any(|x| x.text.chars().next().is_some_and(char::is_uppercase));
            if unnamed_owner {
                return None;
            }
            // "…refused to say much more than that.": a demonstrative ending
            // the sentence points at what came before it.
            if i + 1 == words.len() && matches!(f, "that" | "this" | "these" | "those") {
                return None;
            }
            // A person named before the pronoun, also by a word of a
            // person's name the recogniser missed here ("Mrs May").
            let named_before = first_person_at.is_some_and(|p| p < w.start)
                || words[..i].iter().zip(&folded).any(|(x, f)| {
                    !quoted(x.start)
                        && x.text.chars().next().is_some_and(char::is_uppercase)
                        && self.person_words.contains(f.as_str())
                });
            if PERSONAL.contains(&f) {
                if !named_before {
                    // Only a subject pronoun is replaced by a name; "his"
                    // or "him" with nobody named before cannot stand.
                    if !matches!(f, "he" | "she") {
                        return None;
                    }
                    to_replace.push(i);
                }
            } else if f == "them"
                && !named_before
                && !words[1..i].iter().any(|x| {
                    !quoted(x.start) && x.text.chars().next().is_some_and(char::is_uppercase)
                })
            {
                // "…, then reported them missing": the people are in the
                // sentence before. A name of any kind before it may be its
                // antecedent ("sanctions on Moscow to push them").
                return None;
            } else if FIRST_PERSON.contains(&f)
                // "US Secretary of State": the country, not "us".
                && !(w.text.len() >= 2 && w.text.chars().all(|c| c.is_ascii_uppercase()))
            {
                // A narrator's voice, or a quote that lost its marks.
                return None;
            } else if opening
                && (DANGLING.contains(&f)
                    || (matches!(f, "that" | "both")
                        && (folded[i].len() > f.len()
                            || folded
                                .get(i + 1)
                                .is_some_and(|n| corroborate_core::text::is_stopword(n)))))
            {
                return None;
            }
        }
        // "She examined it, he said": two people, one name cannot serve.
        let feminine = |f: &str| matches!(f, "she" | "her" | "hers" | "herself");
        let unquoted_personal: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, w)| !quoted(w.start) && PERSONAL.contains(&folded[*i].as_str()))
            .map(|(i, _)| folded[i].as_str())
            .collect();
        if !to_replace.is_empty()
            && unquoted_personal.iter().any(|f| feminine(f))
            && unquoted_personal.iter().any(|f| !feminine(f))
        {
            return None;
        }
        // A quoted title ("Gone With the Wind") is a name, not words
        // someone said: it needs no speaker.
        let statements: Vec<(usize, usize)> = inside
            .iter()
            .copied()
            .filter(|&(x, y)| !text.get(x..y).is_some_and(is_quoted_title))
            .collect();
        let has_quote = !statements.is_empty();
        if !to_replace.is_empty() {
            let name = self.antecedent(a, s, &quotes)?;
            let spans: Vec<(usize, usize)> = to_replace
                .iter()
                .map(|&i| (words[i].start, words[i].end))
                .collect();
            for (&i, &(start, end)) in to_replace.iter().zip(&spans).rev() {
                let replacement = match folded[i].as_str() {
                    "his" | "her" if !is_object(&folded, i) => format!("{name}’s"),
                    _ => name.clone(),
                };
                text.replace_range(start..end, &replacement);
            }
        } else if has_quote && !self.attributed(a, s, &text, &statements) {
            // A full quote standing alone: give it its speaker, or drop it.
            let speaker = quotes
                .iter()
                .find_map(|q| q.speaker)
                .and_then(|e| self.person_name(e))?;
            let spans_all = statements.len() == 1
                && statements[0].0 <= 1
                && text[statements[0].1..]
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .is_empty();
            let opener = corroborate_core::text::words(&text)
                .first()
                .map(|w| corroborate_core::text::fold(w.text));
            if !spans_all || opener.is_some_and(|w| CONJUNCTIONS.contains(&w.as_str())) {
                return None;
            }
            text = format!("{speaker} said: {text}");
        }
        Some(text)
    }

    /// Whether a sentence reads as a statement of the story: not a
    /// question, a headline (no closing stop, or the article's title again)
    /// or a photo caption ("…, in this photo", "(left)", a dateline-dated
    /// present-tense caption).
    fn reads_as_report(&self, a: usize, text: &str) -> bool {
        let end = text.trim_end_matches(['"', '”', '’', '\'', ')']);
        if !end.ends_with(['.', '!']) {
            return false;
        }
        let lower = text.to_lowercase();
        if CAPTION_MARKS.iter().any(|m| lower.contains(m)) {
            return false;
        }
        // "…speaks in London, December 12, 2018." — a caption's closing date.
        let tail: Vec<&str> = end.trim_end_matches('.').rsplit(' ').take(3).collect();
        if tail.len() == 3
            && tail[0].len() == 4
            && tail[0].chars().all(|c| c.is_ascii_digit())
            && tail[1]
                .trim_end_matches(',')
                .chars()
                .all(|c| c.is_ascii_digit())
            && corroborate_core::text::month_number(&corroborate_core::text::fold(tail[2]))
                .is_some()
        {
            return false;
        }
        let title = self.articles[a].title.as_deref().unwrap_or("");
        !(title.len() > 10
            && content_overlap(title, text) >= 0.8
            && words_len(text) <= words_len(title) + 3)
    }

    /// Whether the words outside the quotation marks name who speaks.
    fn attributed(&self, a: usize, s: usize, text: &str, inside: &[(usize, usize)]) -> bool {
        let mut outside = String::new();
        let mut at = 0;
        for &(x, y) in inside {
            outside.push_str(&text[at..x.min(text.len())]);
            outside.push(' ');
            at = y.min(text.len());
        }
        outside.push_str(&text[at..]);
        let names_speaker = self
            .extraction
            .mentions
            .get(a)
            .into_iter()
            .flatten()
            .filter(|m| m.sentence == s)
            .any(|m| outside.contains(m.text.as_str()));
        let toks = tokens(&outside);
        // Someone named, and a verb of saying (or "according to").
        let speaks = toks
            .iter()
            .any(|t| crate::lexicon::is_speech_verb(&t.folded) || t.folded == "according");
        speaks && (names_speaker || toks.iter().skip(1).any(|t| t.capitalised && !t.function))
    }

    /// The person a pronoun of sentence `s` refers to: the speaker of one
    /// of its quotes, else the first person named in the sentence before.
    fn antecedent(
        &self,
        a: usize,
        s: usize,
        quotes: &[&corroborate_extract::ExtractedQuote],
    ) -> Option<String> {
        if let Some(name) = quotes
            .iter()
            .filter(|q| q.sentence == s)
            .find_map(|q| q.speaker.and_then(|e| self.person_name(e)))
        {
            return Some(name);
        }
        let before = s.checked_sub(1)?;
        // The sentence before speaks of its subject: the speaker of its
        // quote, else a person named in its first words (not one named
        // later, nor inside a quote: "During a visit he spotted the
        // Scarlett O'Hara dress" does not make the dress's heroine "he").
        let prev = self.articles[a].sentences.get(before)?;
        let subject_end = corroborate_core::text::words(&prev.text)
            .get(SUBJECT_WORDS)
            .map_or(prev.text.len(), |w| w.start);
        let prev_quotes = quoted_regions(&prev.text).unwrap_or_default();
        let mut people: BTreeSet<String> = self
            .extraction
            .quote_list
            .iter()
            .filter(|q| q.article == a && q.last_sentence == before)
            .filter_map(|q| q.speaker.and_then(|e| self.person_name(e)))
            .collect();
        if people.is_empty() {
            people = self
                .extraction
                .mentions
                .get(a)?
                .iter()
                .filter(|m| m.sentence == before)
                .filter(|m| {
                    let at = m.start.saturating_sub(prev.start);
                    at < subject_end && !prev_quotes.iter().any(|r| r.0 <= at && at < r.1)
                })
                .filter_map(|m| self.person_name(m.entity))
                .collect();
        }
        // Two people before: the pronoun could be either.
        if people.len() == 1 {
            people.into_iter().next()
        } else {
            None
        }
    }

    /// The full name of a person entity: two or more title-case words
    /// (a lone "Commerce" or a "Tory MPs" read as a person names nobody).
    fn person_name(&self, entity: usize) -> Option<String> {
        let e = self.extraction.entities.get(entity)?;
        let words = corroborate_core::text::words(&e.canonical);
        let full_name = words.len() >= 2
            && words.iter().all(|w| {
                let mut c = w.text.chars();
                c.next().is_some_and(char::is_uppercase) && c.all(|c| !c.is_uppercase())
            });
        (e.kind == EntityKind::Person && full_name).then(|| e.canonical.clone())
    }
}

/// Whether "his"/"her" at `i` is an object ("told her") rather than a possessive.
fn is_object(folded: &[String], i: usize) -> bool {
    folded[i] == "her"
        && folded
            .get(i + 1)
            .is_none_or(|n| corroborate_core::text::is_stopword(n))
}

/// Whether quoted words are a title or a name: every word capitalised
/// but the short function words inside it ("Gone With the Wind", "Scarlett
/// production dress" is not).
fn is_quoted_title(quoted: &str) -> bool {
    let words = corroborate_core::text::words(quoted);
    !words.is_empty()
        && words.len() <= 8
        && words
            .first()
            .is_some_and(|w| w.text.chars().next().is_some_and(char::is_uppercase))
        && words.iter().all(|w| {
            w.text.chars().next().is_some_and(char::is_uppercase)
                || (w.text.len() <= 4
                    && corroborate_core::text::is_stopword(&w.text.to_lowercase()))
        })
        && !quoted.trim_end().ends_with(['.', '!', '?', ','])
}

fn words_len(s: &str) -> usize {
    corroborate_core::text::words(s).len()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Byte ranges between quotation marks; `None` when the marks do not pair
/// up (a piece of a longer quote, which cannot stand alone unmarked).
fn quoted_regions(text: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('“', None) => open = Some(i),
            ('“', Some(_)) => return None,
            ('”', Some(o)) => {
                out.push((o, i));
                open = None;
            }
            ('”', None) => return None,
            ('"', None) => open = Some(i),
            ('"', Some(o)) => {
                out.push((o, i));
                open = None;
            }
            _ => {}
        }
    }
    open.is_none().then_some(out)
}

fn cosine(a: &BTreeMap<String, f32>, b: &BTreeMap<String, f32>) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(k, x)| large.get(k).map(|y| x * y))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_pair_up_or_the_sentence_is_a_piece() {
        assert_eq!(
            quoted_regions("“Yes,” she said, “but later.”").map(|r| r.len()),
            Some(2)
        );
        assert!(quoted_regions("No agenda – this is disrespect.”").is_none());
        assert!(quoted_regions("“No agenda, no timing.").is_none());
    }

    #[test]
    fn leaning_openers_and_capitals() {
        assert_eq!(capitalise("host country"), "Host country");
        assert_eq!(capitalise(""), "");
    }
}
