//! Near-copy collapse: which articles are copies of another article of the
//! story, so that they are aligned to that one article instead of to every
//! other sentence of the story.
//!
//! In: the story's articles and their [`ArticleSurface`]s (MinHash signature
//! and exact shingle set). Out: `representative[i]` for every article: `i`
//! itself for a representative, else the article it copies.
//!
//! Rule: articles are visited largest first (by shingle count, then story
//! order). An article whose own shingles are at least
//! [`COLLAPSE_CONTAINMENT`] contained in an already chosen representative's
//! (or whose resemblance to it reaches [`crate::lineage::DUPLICATE_SURFACE`])
//! becomes a copy of the representative that contains most of it; otherwise
//! it becomes a representative. Containment is measured on the copy's side:
//! a report that quotes a wire story and adds much of its own is not
//! collapsed, because its own sentences must meet the other reports.
//!
//! Why: a wire story syndicated by 60 outlets makes every sentence of it
//! align with 59 copies of itself, so comparing everything with everything
//! grows with the square of the story. Copies add no independent support
//! (they share the representative's source group anyway); each copy still
//! gets its own sentence alignment to the representative, its lineage edge
//! and its place in every claim, so a distorted copy is still caught.
//!
//! Invariants: deterministic; a representative's representative is itself
//! (no chains); the shingle sets are sorted and deduplicated (as
//! [`crate::minhash::MinHasher::shingle_set`] returns them), so the cost is
//! O(representatives × articles) signature comparisons plus exact set
//! intersections only for pairs whose estimated resemblance or size ratio
//! leaves the containment reachable.

use corroborate_core::Article;

use crate::lineage::{ArticleSurface, DUPLICATE_SURFACE};
use crate::minhash::sorted_intersection;

/// Share of a copy's 3-word shingles found verbatim in its representative.
pub const COLLAPSE_CONTAINMENT: f32 = 0.75;

/// `representative[i]` for every article (see the module doc).
pub fn representatives(articles: &[Article], surfaces: &[ArticleSurface]) -> Vec<usize> {
    let n = articles.len().min(surfaces.len());
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(surfaces[i].shingles.len()), i));
    let mut representative: Vec<usize> = (0..n).collect();
    let mut chosen: Vec<usize> = Vec::new();
    for &i in &order {
        let own = &surfaces[i];
        let best = chosen
            .iter()
            .filter_map(|&r| {
                let rep = &surfaces[r];
                if own.shingles.is_empty() || rep.shingles.is_empty() {
                    return None;
                }
                let resemblance = own.signature.jaccard(&rep.signature);
                // |A∩B| ≤ |B|: the containment cannot reach the cut-off when
                // the representative is too small, and a MinHash resemblance
                // r with |A| ≤ |B| gives |A∩B| ≈ r(|A|+|B|)/(1+r); only look
                // at the exact sets where that estimate is in reach.
                let (a, b) = (own.shingles.len() as f32, rep.shingles.len() as f32);
                let estimate = resemblance * (a + b) / (1.0 + resemblance) / a;
                if resemblance < DUPLICATE_SURFACE && estimate < COLLAPSE_CONTAINMENT * 0.6 {
                    return None;
                }
                let contained = sorted_intersection(&own.shingles, &rep.shingles) as f32 / a;
                (resemblance >= DUPLICATE_SURFACE || contained >= COLLAPSE_CONTAINMENT)
                    .then_some((contained, r))
            })
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
        match best {
            Some((_, r)) => representative[i] = r,
            None => chosen.push(i),
        }
    }
    representative
}
