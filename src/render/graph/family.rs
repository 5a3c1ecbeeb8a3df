//! Relation families: the free-text relation types of a dossier ("Präsident", "Gründungsmitglied",
//! "Hauptroute für Ölexporte") grouped into a few kinds a reader can tell apart on the graph by
//! line style and colour, with a legend. A type is placed by the words it contains, in German or
//! English; a type no word matches is `other`.

use serde::Serialize;

use crate::i18n::UiStrings;

/// What a relation is, roughly: the graph draws each family in its own line style and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationFamily {
    /// An office or a role in an organisation: president, minister, chair, publisher.
    Office,
    /// Belonging to an organisation: member, founding member, a suspended membership.
    Membership,
    /// Treaties, partnerships, troops sent at a partner's request.
    Alliance,
    /// War, attacks, protests, expulsions.
    Conflict,
    /// Ambassadors, talks, meetings, summits, messages between states.
    Diplomacy,
    /// Trade, exports, pipelines, raw materials.
    Economy,
    /// Anything else.
    Other,
}

/// Word stems, matched anywhere in the lower-cased type (German compounds put them inside:
/// "Angriffs*krieg*", "Gruß*botschaft*"); prefixes, matched at the start of a word ("*Öl*exporte"
/// but not "V*öl*ker"); and whole words (short English words that would otherwise match inside
/// others: "war" in "erwartet").
struct Words {
    stems: &'static [&'static str],
    prefixes: &'static [&'static str],
    words: &'static [&'static str],
}

/// Tried in this order; the first family with a matching word wins, so a "Partnerschaft für
/// Rohstoffe" is economy before it is an alliance, and a "Mitglied (Vertrag von 1992)" a
/// membership before it is a treaty.
#[rustfmt::skip]
const RULES: [(RelationFamily, Words); 6] = [
    (RelationFamily::Conflict, Words {
        stems: &["krieg", "offensive", "angriff", "protest", "einbestell", "ausweis", "konflikt",
            "feind", "gegner", "besetz", "annex", "invasion", "attack", "hostil", "conflict",
            "expel", "rival", "occupation"],
        prefixes: &[],
        words: &["war", "wars", "enemy", "enemies"],
    }),
    (RelationFamily::Economy, Words {
        stems: &["handel", "export", "import", "pipeline", "rohstoff", "wirtschaft", "investi",
            "seidenstra", "korridor", "energie", "erdgas", "trade", "econom", "loan", "supplier",
            "lieferant", "eigentümer", "owner", "shareholder", "aktionär"],
        prefixes: &["öl", "gasliefer", "gasleitung", "kredit"],
        words: &["oil", "gas"],
    }),
    (RelationFamily::Membership, Words {
        stems: &["mitglied", "mitarbeit", "austritt", "beitritt", "teilnehm", "führungsmacht",
            "member", "participant", "withdraw"],
        prefixes: &[],
        words: &["joined"],
    }),
    (RelationFamily::Alliance, Words {
        stems: &["vertrag", "bündnis", "partner", "truppe", "einsatz", "allianz", "freundschaft",
            "verbündet", "alliance", "allied", "treaty", "troops", "pact", "friendship"],
        prefixes: &[],
        words: &["ally", "allies"],
    }),
    (RelationFamily::Office, Words {
        stems: &["präsident", "minister", "vorsitz", "leiter", "direktor", "sprecher", "kanzler",
            "herausgeber", "gouverneur", "bürgermeister", "abgeordnet", "berater", "chef",
            "nachfolger", "vorgänger", "gründer", "president", "chair", "director", "spokes",
            "governor", "mayor", "advis", "successor", "predecessor", "founder", "publisher",
            "secretary", "premier"],
        prefixes: &[],
        words: &["head", "ceo", "leader"],
    }),
    (RelationFamily::Diplomacy, Words {
        stems: &["diplomat", "botschaft", "gespräch", "treffen", "telefon", "gipfel", "besuch",
            "glückwunsch", "gruß", "resolution", "podium", "verhandl", "ambassador", "embassy",
            "summit", "talks", "visit", "meeting", "envoy", "negotiat"],
        prefixes: &[],
        words: &[],
    }),
];

impl RelationFamily {
    /// Every family, in the order the legend lists them.
    pub const ALL: [RelationFamily; 7] = [
        RelationFamily::Office,
        RelationFamily::Membership,
        RelationFamily::Alliance,
        RelationFamily::Conflict,
        RelationFamily::Diplomacy,
        RelationFamily::Economy,
        RelationFamily::Other,
    ];

    /// The family of a relation type as written in an actor's `relations`.
    pub fn of(relation_type: &str) -> RelationFamily {
        let lower = relation_type.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        RULES
            .iter()
            .find(|(_, rule)| {
                rule.stems.iter().any(|stem| lower.contains(stem))
                    || (rule.prefixes.iter()).any(|p| words.iter().any(|w| w.starts_with(p)))
                    || rule.words.iter().any(|word| words.contains(word))
            })
            .map_or(RelationFamily::Other, |(family, _)| *family)
    }

    /// The name in class names and data attributes: `office`, `membership`, …
    pub fn slug(self) -> &'static str {
        match self {
            RelationFamily::Office => "office",
            RelationFamily::Membership => "membership",
            RelationFamily::Alliance => "alliance",
            RelationFamily::Conflict => "conflict",
            RelationFamily::Diplomacy => "diplomacy",
            RelationFamily::Economy => "economy",
            RelationFamily::Other => "other",
        }
    }

    /// The name the legend shows, in the site's language.
    pub fn label(self, t: &UiStrings) -> &'static str {
        match self {
            RelationFamily::Office => t.family_office,
            RelationFamily::Membership => t.family_membership,
            RelationFamily::Alliance => t.family_alliance,
            RelationFamily::Conflict => t.family_conflict,
            RelationFamily::Diplomacy => t.family_diplomacy,
            RelationFamily::Economy => t.family_economy,
            RelationFamily::Other => t.family_other,
        }
    }

    /// Drawn as two parallel lines (the legend's swatch too).
    pub fn is_double(self) -> bool {
        self == RelationFamily::Alliance
    }
}

#[cfg(test)]
mod tests {
    use super::RelationFamily::{self, *};

    #[test]
    fn the_relation_types_of_this_repositorys_dossier_fall_into_their_families() {
        let cases = [
            ("Präsident", Office),
            ("erster Präsident", Office),
            ("Außenminister", Office),
            ("stellvertretender Vorsitzender des Sicherheitsrats", Office),
            (
                "Erster stellvertretender Leiter der Präsidialverwaltung",
                Office,
            ),
            ("Sprecherin des Außenministeriums", Office),
            ("Nachfolger im Präsidentenamt", Office),
            ("Herausgeberin", Office),
            ("Gründungsmitglied", Membership),
            ("Mitglied (Vertrag von 1992)", Membership),
            ("fror Armeniens Mitarbeit ein", Membership),
            ("Austritt angekündigt (ohne Termin)", Membership),
            ("Vertrag über Freundschaft und Zusammenarbeit", Alliance),
            ("bat um Truppenentsendung", Alliance),
            (
                "verkündete als Ratsvorsitzender den Einsatz in Kasachstan",
                Alliance,
            ),
            ("Angriffskrieg", Conflict),
            ("Offensive in Bergkarabach", Conflict),
            ("Einbestellung des kasachischen Botschafters", Conflict),
            ("forderte seine Ausweisung aus Kasachstan", Conflict),
            ("Protest wegen Angriffs auf CPC-Anlagen", Conflict),
            ("diplomatische Beziehungen", Diplomacy),
            ("akkreditierter Botschafter der Ukraine", Diplomacy),
            ("Grußbotschaft zum Unabhängigkeitstag", Diplomacy),
            ("Treffen und Telefonate", Diplomacy),
            ("C5+1-Gipfel im Weißen Haus", Diplomacy),
            ("Hauptroute für Ölexporte", Economy),
            ("Handelspartner (2023 vor Russland)", Economy),
            (
                "Partnerschaft für Rohstoffe, Batterien und Wasserstoff",
                Economy,
            ),
            // "Leitung" is a pipeline here, but as often the leadership of something
            ("Leitung verläuft durch russisches Gebiet", Other),
            ("Autorin", Other),
            ("Wochenzeitung der Landsmannschaft", Other),
            ("", Other),
        ];
        for (relation_type, family) in cases {
            assert_eq!(RelationFamily::of(relation_type), family, "{relation_type}");
        }
    }

    #[test]
    fn english_types_and_whole_words() {
        assert_eq!(RelationFamily::of("President"), Office);
        assert_eq!(RelationFamily::of("member of"), Membership);
        assert_eq!(RelationFamily::of("at war with"), Conflict);
        assert_eq!(RelationFamily::of("erwartet"), Other);
        assert_eq!(RelationFamily::of("oil buyer"), Economy);
        assert_eq!(RelationFamily::of("boiler"), Other);
        assert_eq!(
            RelationFamily::of("Gastgeber der Gespräche in Berlin"),
            Diplomacy
        );
        assert_eq!(RelationFamily::of("Völkerrecht"), Other);
        assert_eq!(RelationFamily::of("ally"), Alliance);
        assert_eq!(RelationFamily::of("ambassador to"), Diplomacy);
    }

    #[test]
    fn slugs_are_distinct_and_in_legend_order() {
        let slugs: Vec<&str> = RelationFamily::ALL.iter().map(|f| f.slug()).collect();
        assert_eq!(
            slugs,
            [
                "office",
                "membership",
                "alliance",
                "conflict",
                "diplomacy",
                "economy",
                "other"
            ]
        );
        let mut sorted = RelationFamily::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, RelationFamily::ALL);
    }
}
