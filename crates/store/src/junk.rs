//! Pages that are not articles: sign-in and subscription walls, notification
//! and cookie boxes, error pages, link lists.
//!
//! In: a stored page's title and body (as ingest produced them). Out: `None`
//! for an article, or the reason it is not one. The store keeps such a page
//! with that problem and keeps it out of clustering: scraped walls of one
//! site are near-copies of each other and would otherwise form a "story" of
//! unrelated pages, or pull real articles into it.
//!
//! How: the body's lines are split into furniture (lines carrying a wall,
//! box or error phrase) and prose (lines that read as sentences); a page is
//! flagged only when furniture is present, or short link-like lines
//! dominate, AND what remains is too little prose to be an article. A short
//! text without furniture (a brief, a headline) is never flagged.
//!
//! Invariants: depends only on the text; never panics.

/// Prose below this many words, next to furniture, is no article.
const MIN_PROSE_WORDS: usize = 25;
/// This many short lines with little prose make a link list.
const MIN_LINK_LINES: usize = 8;

const WALL: &[&str] = &[
    "sign in to",
    "sign up for",
    "log in to",
    "subscribe now",
    "subscribe to",
    "already a subscriber",
    "create an account",
    "create a free account",
    "verification email",
    "verification message",
    "activate your",
    "loginwidget",
    "socialregistration",
    "terms of service",
    "maximum number of",
    "free articles",
    "your preview of",
    "subscription",
    "register now",
    "paywall",
];
const BOX: &[&str] = &[
    "email notifications",
    "notification has been saved",
    "saving your notification",
    "enable javascript",
    "javascript is disabled",
    "ad blocker",
    "adblock",
    "uses cookies",
    "use of cookies",
    "cookie policy",
    "accept cookies",
    "privacy policy",
    "to your inbox",
];
const ERROR: &[&str] = &[
    "page not found",
    "404 error",
    "error 404",
    "page you requested",
    "page you are looking for",
    "could not be found",
    "no longer available",
    "has been removed",
    "access denied",
    "an error occurred",
];

fn contains_any(line: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| line.contains(p))
}

/// Why `body` is not an article, or `None` when it reads as one.
pub fn non_article(body: &str) -> Option<&'static str> {
    let (mut prose_words, mut short_lines) = (0usize, 0usize);
    let (mut wall, mut boxes, mut error) = (false, false, false);
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let lower = line.to_lowercase();
        let (w, b, e) = (
            contains_any(&lower, WALL),
            contains_any(&lower, BOX),
            contains_any(&lower, ERROR),
        );
        wall |= w;
        boxes |= b;
        error |= e;
        if w || b || e {
            continue;
        }
        let n = line.split_whitespace().count();
        let sentence_end = line.ends_with(['.', '!', '?', '"', '\u{201d}']);
        if n >= 8 || (n >= 4 && sentence_end) {
            prose_words += n;
        } else {
            short_lines += 1;
        }
    }
    if prose_words >= MIN_PROSE_WORDS {
        return None;
    }
    if error {
        Some("error page")
    } else if wall {
        Some("sign-in or subscription wall")
    } else if boxes {
        Some("notification or cookie box")
    } else if short_lines >= MIN_LINK_LINES {
        Some("link list")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::non_article;

    #[test]
    fn walls_boxes_errors_and_link_lists_are_recognised() {
        let wall = "TRY NWADG FREE FOR 30 DAYS\n\nWe hope you've enjoyed your preview of NWADG.com.\n\n\
                    You've now read the maximum number of stories available without a subscription.\n\n\
                    Subscribe now for complete and uninterrupted access.";
        assert_eq!(non_article(wall), Some("sign-in or subscription wall"));
        let verify = "Just One More Thing...\n\nWe have sent you a verification email. Please check your email \
                      and click on the link to activate your profile.\n\nIf you do not receive the verification message \
                      within a few minutes of signing up, please check your Spam or Junk folder.";
        assert_eq!(non_article(verify), Some("sign-in or subscription wall"));
        let notify = "Close Get email notifications on KYLE ODEGARD daily!\n\nYour notification has been saved.\n\n\
                      There was a problem saving your notification.";
        assert_eq!(non_article(notify), Some("notification or cookie box"));
        let error =
            "Page not found\n\nThe page you requested could not be found. Return to the home page.";
        assert_eq!(non_article(error), Some("error page"));
        let links = (1..=12)
            .map(|i| format!("Top story number {i}"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(non_article(&links), Some("link list"));
    }

    #[test]
    fn articles_briefs_and_headlines_pass() {
        let article = "A 15-year-old boy who was being chased by a deputy after a convenience store robbery shot himself \
                       in the leg Thursday, according to a news release from the police department.\n\n\
                       The boy was taken to a hospital and is expected to survive, police said.\n\n\
                       Subscribe to our newsletter for more local news.";
        assert_eq!(non_article(article), None);
        assert_eq!(
            non_article("Fed official says weak data caused by weather, should not slow taper"),
            None
        );
        assert_eq!(non_article(""), None);
    }
}
