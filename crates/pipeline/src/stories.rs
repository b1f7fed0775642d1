//! Does a run hold one story? A check on the finished report.
//!
//! In: a [`Report`]. Out: the groups of articles that are linked to each
//! other, and, when there are several, a [`ProblemKind::MultipleStories`]
//! problem naming them, so a reader is warned that the headline, summary
//! and findings may mix unrelated stories.
//!
//! Two articles are linked when they share a claim (an aligned sentence),
//! a lineage relation other than `independent`, or at least
//! [`SHARED_NAMES`] entities. Linking is transitive (connected
//! components). One shared name is not enough: unrelated stories of one
//! day often mention the same head of state.
//!
//! Invariants: deterministic (groups in report order, each sorted); cost
//! linear in claims, lineage edges and mentions, plus the pairs of
//! articles of each entity, bounded by [`ENTITY_PAIR_ARTICLES`].

use corroborate_core::{InputProblem, ProblemKind, Relation, Report};
use std::collections::{BTreeSet, HashMap};

/// Entities two articles must share to count as one story by names alone.
pub const SHARED_NAMES: usize = 2;
/// Articles of one entity considered pairwise (an entity in more articles
/// links its first ones; the rest are reached through them or not at all).
pub const ENTITY_PAIR_ARTICLES: usize = 64;
/// Groups named in the warning before "…".
const GROUPS_NAMED: usize = 6;

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Groups of linked articles (indices into `report.articles`), in order of
/// their first article.
pub fn story_groups(report: &Report) -> Vec<Vec<usize>> {
    let n = report.articles.len();
    let index: HashMap<&str, usize> = report.article_positions();
    let mut parent: Vec<usize> = (0..n).collect();
    for claim in &report.claims {
        let mut members = claim
            .sentences
            .iter()
            .filter_map(|s| index.get(s.article.as_str()).copied());
        if let Some(first) = members.next() {
            for other in members {
                union(&mut parent, first, other);
            }
        }
    }
    for e in &report.lineage {
        if e.relation == Relation::Independent {
            continue;
        }
        if let (Some(&a), Some(&b)) = (index.get(e.a.as_str()), index.get(e.b.as_str())) {
            union(&mut parent, a, b);
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for entity in &report.entities {
        let articles: BTreeSet<usize> = entity
            .mentions
            .iter()
            .filter_map(|m| index.get(m.article.as_str()).copied())
            .collect();
        let articles: Vec<usize> = articles.into_iter().take(ENTITY_PAIR_ARTICLES).collect();
        for (k, &a) in articles.iter().enumerate() {
            for &b in &articles[k + 1..] {
                *shared.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let mut linked: Vec<(usize, usize)> = shared
        .into_iter()
        .filter(|&(_, count)| count >= SHARED_NAMES)
        .map(|(pair, _)| pair)
        .collect();
    linked.sort_unstable();
    for (a, b) in linked {
        union(&mut parent, a, b);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let g = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}

/// "1–3, 5": 1-based article numbers with runs collapsed.
fn numbers(group: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < group.len() {
        let start = group[k];
        let mut end = start;
        while k + 1 < group.len() && group[k + 1] == end + 1 {
            k += 1;
            end = group[k];
        }
        parts.push(if end > start {
            format!("{}–{}", start + 1, end + 1)
        } else {
            (start + 1).to_string()
        });
        k += 1;
    }
    parts.join(", ")
}

/// The warning when the articles fall into several unlinked groups.
pub fn multiple_stories(report: &Report) -> Option<InputProblem> {
    let groups = story_groups(report);
    if groups.len() < 2 {
        return None;
    }
    let mut named: Vec<String> = groups
        .iter()
        .take(GROUPS_NAMED)
        .map(|g| {
            let title = report.articles[g[0]]
                .title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| {
                    let short: String = t.chars().take(50).collect();
                    if short.len() < t.len() {
                        format!(" (“{short}…”)")
                    } else {
                        format!(" (“{short}”)")
                    }
                })
                .unwrap_or_default();
            format!("[{}]{title}", numbers(g))
        })
        .collect();
    if groups.len() > GROUPS_NAMED {
        named.push(format!("and {} more", groups.len() - GROUPS_NAMED));
    }
    Some(InputProblem::story(
        ProblemKind::MultipleStories,
        format!(
            "the inputs look like {} separate stories: articles {} share no claim, copy or names across groups; the headline, summary and findings may mix them (analyse each group on its own)",
            groups.len(),
            named.join("; ")
        ),
    ))
}
