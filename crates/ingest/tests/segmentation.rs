//! Sentence segmentation on tricky real-world sentences.

use corroborate_ingest::segment;

fn sentences(text: &str) -> Vec<&str> {
    segment(text)
        .into_iter()
        .map(|s| {
            assert_eq!(&text[s.start..s.end], s.text);
            &text[s.start..s.end]
        })
        .collect()
}

#[test]
fn titles_and_honorifics() {
    assert_eq!(
        sentences("Mrs. May met Dr. Fauci and Gen. Mark Milley at St. Paul's Cathedral. Prof. Smith and Sen. Warren were absent."),
        [
            "Mrs. May met Dr. Fauci and Gen. Mark Milley at St. Paul's Cathedral.",
            "Prof. Smith and Sen. Warren were absent."
        ]
    );
}

#[test]
fn acronyms_numbers_and_months() {
    assert_eq!(
        sentences("The U.K. government said on Jan. 5 that No. 10 would respond. Growth was 2.5 per cent in the U.S. last year."),
        [
            "The U.K. government said on Jan. 5 that No. 10 would respond.",
            "Growth was 2.5 per cent in the U.S. last year."
        ]
    );
    assert_eq!(
        sentences("Officials met at 10 a.m. Thursday, then left. It was over by 2 p.m. The talks resume today."),
        [
            "Officials met at 10 a.m. Thursday, then left.",
            "It was over by 2 p.m.",
            "The talks resume today."
        ]
    );
}

#[test]
fn company_suffixes() {
    assert_eq!(
        sentences("Apple Inc. CEO Tim Cook spoke. Shares of Acme Ltd. rose. The market closed."),
        [
            "Apple Inc. CEO Tim Cook spoke.",
            "Shares of Acme Ltd. rose.",
            "The market closed."
        ]
    );
}

#[test]
fn latin_abbreviations_and_initials() {
    assert_eq!(
        sentences("Some states, e.g. Poland, and some blocs, i.e. the EU, objected. J. K. Rowling and George W. Bush were not there."),
        [
            "Some states, e.g. Poland, and some blocs, i.e. the EU, objected.",
            "J. K. Rowling and George W. Bush were not there."
        ]
    );
}

#[test]
fn quotes_spanning_sentences() {
    assert_eq!(
        sentences("“I feel disrespect from Russia. No meeting time, no agenda,” he said. “To Erdoğan, to Trump.” Peskov declined to comment."),
        [
            "“I feel disrespect from Russia.",
            "No meeting time, no agenda,” he said.",
            "“To Erdoğan, to Trump.”",
            "Peskov declined to comment."
        ]
    );
    assert_eq!(
        sentences("He said: \"It has to stop.\" She agreed. 'Fine,' he replied."),
        [
            "He said: \"It has to stop.\"",
            "She agreed.",
            "'Fine,' he replied."
        ]
    );
    // A question or exclamation inside a quote followed by the attribution.
    assert_eq!(
        sentences("“Why now?” he asked. “Enough!” shouted the crowd."),
        ["“Why now?” he asked.", "“Enough!” shouted the crowd."]
    );
}

#[test]
fn ellipses_dashes_and_brackets() {
    assert_eq!(
        sentences("The talks… may fail. They were not serious enough... Out of respect, we went. Russia – which denies it – attacked (again). Then quiet."),
        [
            "The talks… may fail.",
            "They were not serious enough...",
            "Out of respect, we went.",
            "Russia – which denies it – attacked (again).",
            "Then quiet."
        ]
    );
}

#[test]
fn headings_and_paragraphs_end_sentences() {
    assert_eq!(
        sentences("Talks in Istanbul\n\nThe delegations met\non Friday.\nA second round is planned\n\nWhat comes next"),
        [
            "Talks in Istanbul",
            "The delegations met\non Friday.",
            "A second round is planned",
            "What comes next"
        ]
    );
}

#[test]
fn spans_are_exact_with_multibyte_text() {
    let text = "  Zelenskyy met Erdoğan in Türkiye.  «Très bien», dit-il.\u{a0}Fin.  ";
    let got = sentences(text);
    assert_eq!(
        got,
        [
            "Zelenskyy met Erdoğan in Türkiye.",
            "«Très bien», dit-il.",
            "Fin."
        ]
    );
}
