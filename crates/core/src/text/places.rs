//! Countries: the one table of their adjectives and of the names that
//! stand for them as a party to an action.
//!
//! In: a folded word or phrase (lower case, no diacritics, see
//! [`super::fold`]). Out: the country it is an adjective of
//! ([`country_of_adjective`]: "ukrainian" → "ukraine", for the entity
//! recogniser) or the country it stands for as a party ([`party_of`]:
//! "kremlin" → "russia", "washington" → "us", for comparing who does what
//! to whom). General world knowledge, tied to no story.
//!
//! Invariants: every entry is folded; a word is the adjective of at most
//! one country and names at most one party, so lookups do not depend on
//! the table's order. Country `name`s are the entity gazetteer's place
//! keys; party keys are the verify stage's, shorter for a few countries
//! ("us", "uk") and compared only with each other and with folded words.

/// One country (or union of countries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// Folded canonical name ("united states"): the place key of the
    /// entity gazetteer.
    pub name: &'static str,
    /// Folded words used as the country's adjective: demonyms
    /// ("american"), and short names and metonyms written before a noun
    /// ("US officials", "Kremlin aides").
    pub adjectives: &'static [&'static str],
    /// The country as a party to an action, where the verify stage
    /// compares parties: its key and the folded names that stand for it
    /// (name, abbreviations, capital, seats of power). `None`: not one of
    /// the parties compared.
    pub party: Option<Party>,
}

/// A country's key and names as a party (see [`Country::party`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Party {
    pub key: &'static str,
    pub names: &'static [&'static str],
}

const fn country(name: &'static str, adjectives: &'static [&'static str]) -> Country {
    Country {
        name,
        adjectives,
        party: None,
    }
}

const fn party(
    name: &'static str,
    adjectives: &'static [&'static str],
    key: &'static str,
    names: &'static [&'static str],
) -> Country {
    Country {
        name,
        adjectives,
        party: Some(Party { key, names }),
    }
}

/// The countries.
pub const COUNTRIES: &[Country] = &[
    party(
        "ukraine",
        &["ukrainian"],
        "ukraine",
        &["ukraine", "kyiv", "kiev"],
    ),
    party(
        "russia",
        &["russian", "kremlin"],
        "russia",
        &["russia", "moscow", "kremlin"],
    ),
    party(
        "turkey",
        &["turkish"],
        "turkey",
        &["turkey", "turkiye", "ankara"],
    ),
    party(
        "united states",
        &["american", "us", "u.s"],
        "us",
        &[
            "us",
            "u.s",
            "usa",
            "america",
            "washington",
            "pentagon",
            "united states",
        ],
    ),
    party(
        "united kingdom",
        &["british", "uk"],
        "uk",
        &[
            "britain",
            "uk",
            "london",
            "downing",
            "united kingdom",
            "great britain",
        ],
    ),
    country("england", &["english"]),
    country("scotland", &["scottish"]),
    country("wales", &["welsh"]),
    country("ireland", &["irish"]),
    party(
        "france",
        &["french"],
        "france",
        &["france", "paris", "elysee"],
    ),
    party("germany", &["german"], "germany", &["germany", "berlin"]),
    party("italy", &["italian"], "italy", &["italy", "rome"]),
    party("spain", &["spanish"], "spain", &["spain", "madrid"]),
    country("portugal", &["portuguese"]),
    country("netherlands", &["dutch"]),
    country("belgium", &["belgian"]),
    country("switzerland", &["swiss"]),
    country("austria", &["austrian"]),
    party("poland", &["polish"], "poland", &["poland", "warsaw"]),
    country("czech republic", &["czech"]),
    country("slovakia", &["slovak"]),
    country("hungary", &["hungarian"]),
    country("romania", &["romanian"]),
    country("bulgaria", &["bulgarian"]),
    country("serbia", &["serbian"]),
    country("croatia", &["croatian"]),
    country("greece", &["greek"]),
    country("sweden", &["swedish"]),
    country("norway", &["norwegian"]),
    country("denmark", &["danish"]),
    country("finland", &["finnish"]),
    country("estonia", &["estonian"]),
    country("latvia", &["latvian"]),
    country("lithuania", &["lithuanian"]),
    country("belarus", &["belarusian"]),
    country("moldova", &["moldovan"]),
    country("georgia", &["georgian"]),
    country("armenia", &["armenian"]),
    country("azerbaijan", &["azerbaijani"]),
    country("kazakhstan", &["kazakh"]),
    country("uzbekistan", &["uzbek"]),
    party("china", &["chinese"], "china", &["china", "beijing"]),
    party("japan", &["japanese"], "japan", &["japan", "tokyo"]),
    party(
        "south korea",
        &["korean", "south korean"],
        "south korea",
        &["seoul"],
    ),
    party(
        "north korea",
        &["north korean"],
        "north korea",
        &["pyongyang"],
    ),
    party("india", &["indian"], "india", &["india", "delhi"]),
    party(
        "pakistan",
        &["pakistani"],
        "pakistan",
        &["pakistan", "islamabad"],
    ),
    country("afghanistan", &["afghan"]),
    party("iran", &["iranian"], "iran", &["iran", "tehran"]),
    country("iraq", &["iraqi"]),
    party("syria", &["syrian"], "syria", &["syria", "damascus"]),
    country("lebanon", &["lebanese"]),
    party("israel", &["israeli"], "israel", &["israel", "jerusalem"]),
    country("palestine", &["palestinian"]),
    country("jordan", &["jordanian"]),
    party("egypt", &["egyptian"], "egypt", &["egypt", "cairo"]),
    party(
        "saudi arabia",
        &["saudi"],
        "saudi arabia",
        &["saudi arabia", "riyadh"],
    ),
    country("qatar", &["qatari"]),
    country("united arab emirates", &["emirati"]),
    country("yemen", &["yemeni"]),
    country("libya", &["libyan"]),
    country("tunisia", &["tunisian"]),
    country("algeria", &["algerian"]),
    country("morocco", &["moroccan"]),
    country("sudan", &["sudanese"]),
    country("ethiopia", &["ethiopian"]),
    country("kenya", &["kenyan"]),
    country("nigeria", &["nigerian"]),
    country("south africa", &["south african"]),
    party("canada", &["canadian"], "canada", &["canada", "ottawa"]),
    party("mexico", &["mexican"], "mexico", &["mexico"]),
    party("brazil", &["brazilian"], "brazil", &["brazil", "brasilia"]),
    country("argentina", &["argentine", "argentinian"]),
    country("chile", &["chilean"]),
    country("colombia", &["colombian"]),
    country("venezuela", &["venezuelan"]),
    country("cuba", &["cuban"]),
    party(
        "australia",
        &["australian"],
        "australia",
        &["australia", "canberra"],
    ),
    country("indonesia", &["indonesian"]),
    country("vietnam", &["vietnamese"]),
    country("thailand", &["thai"]),
    country("philippines", &["filipino"]),
    country("malaysia", &["malaysian"]),
    country("taiwan", &["taiwanese"]),
    country("europe", &["european"]),
    party("european union", &[], "eu", &["eu", "brussels"]),
];

/// Canonical name of the country `folded` is an adjective of
/// ("ukrainian" → "ukraine", "us" → "united states").
pub fn country_of_adjective(folded: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|c| c.adjectives.contains(&folded))
        .map(|c| c.name)
}

/// Party key of the country `folded` stands for ("kremlin" → "russia",
/// "kiev" → "ukraine", "pentagon" → "us").
pub fn party_of(folded: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .filter_map(|c| c.party)
        .find(|p| p.names.contains(&folded))
        .map(|p| p.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjectives_give_the_country() {
        assert_eq!(country_of_adjective("ukrainian"), Some("ukraine"));
        assert_eq!(country_of_adjective("us"), Some("united states"));
        assert_eq!(country_of_adjective("kremlin"), Some("russia"));
        assert_eq!(country_of_adjective("south korean"), Some("south korea"));
        assert_eq!(country_of_adjective("ukraine"), None);
    }

    #[test]
    fn names_give_the_party() {
        assert_eq!(party_of("kremlin"), Some("russia"));
        assert_eq!(party_of("kiev"), party_of("kyiv"));
        assert_eq!(party_of("united states"), Some("us"));
        assert_eq!(party_of("brussels"), Some("eu"));
        assert_eq!(party_of("portugal"), None);
        assert_eq!(party_of("talks"), None);
    }

    #[test]
    fn the_table_is_folded_and_unambiguous() {
        let mut adjectives = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for c in COUNTRIES {
            for w in c
                .adjectives
                .iter()
                .chain(c.party.iter().flat_map(|p| p.names))
            {
                assert_eq!(super::super::fold(w), *w, "{w} is not folded");
            }
            assert!(
                c.adjectives.iter().all(|a| adjectives.insert(*a)),
                "{}",
                c.name
            );
            if let Some(p) = c.party {
                assert!(p.names.iter().all(|n| names.insert(*n)), "{}", c.name);
            }
        }
    }
}
