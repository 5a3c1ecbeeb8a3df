//! The site's language: month names live in `date`, the interface's words live here.

use serde::Serialize;

/// The languages the interface speaks. Any other language code falls back to English words
/// while keeping its own code in `lang` attributes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Language {
    De,
    #[default]
    En,
}

impl Language {
    /// `de`, `de-AT`, `de_CH` → German; everything else → English.
    pub fn from_code(code: &str) -> Self {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if primary == "de" {
            Language::De
        } else {
            Language::En
        }
    }

    pub fn is_supported(code: &str) -> bool {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        matches!(primary.as_str(), "de" | "en")
    }

    pub fn strings(self) -> &'static UiStrings {
        match self {
            Language::De => &GERMAN,
            Language::En => &ENGLISH,
        }
    }
}

/// Every word the default templates show that does not come from the dossier.
#[derive(Debug, Serialize)]
pub struct UiStrings {
    pub home: &'static str,
    pub actors: &'static str,
    pub notes: &'static str,
    pub sources: &'static str,
    pub timeline: &'static str,
    pub tags: &'static str,
    pub tag: &'static str,
    pub graph: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub skip_to_content: &'static str,
    pub main_navigation: &'static str,
    pub on_this_page: &'static str,
    pub references: &'static str,
    pub backlinks: &'static str,
    pub linked_from: &'static str,
    pub cited_by: &'static str,
    pub relations: &'static str,
    pub events: &'static str,
    pub notes_about: &'static str,
    /// The name of an index's page list (`<nav aria-label>`).
    pub list_pages: &'static str,
    pub related_actors: &'static str,
    pub claims: &'static str,
    pub evidence: &'static str,
    pub written: &'static str,
    pub updated: &'static str,
    pub born: &'static str,
    pub died: &'static str,
    pub founded: &'static str,
    pub dissolved: &'static str,
    pub kind: &'static str,
    pub publisher: &'static str,
    pub author: &'static str,
    pub published: &'static str,
    pub accessed: &'static str,
    pub language: &'static str,
    pub original: &'static str,
    pub place: &'static str,
    pub since: &'static str,
    pub until: &'static str,
    pub all_events: &'static str,
    pub latest_events: &'static str,
    pub key_actors: &'static str,
    pub filter_by_actor: &'static str,
    pub filter_by_tag: &'static str,
    pub show_all: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub status_confirmed: &'static str,
    pub status_context: &'static str,
    pub status_disputed: &'static str,
    pub status_unverified: &'static str,
    pub embedded_from: &'static str,
    pub feed: &'static str,
    pub print_version: &'static str,
    /// Before the licence of the dossier's text in the footer.
    pub license: &'static str,
    pub other: &'static str,
    pub theme_toggle: &'static str,
    pub no_results: &'static str,
    pub generated_by: &'static str,
    pub graph_intro: &'static str,
    pub graph_as_list: &'static str,
    pub graph_unconnected: &'static str,
    pub graph_open: &'static str,
    pub graph_none: &'static str,
    pub neighbourhood: &'static str,
    pub legend: &'static str,
    pub search_label: &'static str,
    pub search_intro: &'static str,
    pub search_needs_js: &'static str,
    pub search_results: &'static str,
    pub search_loading: &'static str,
    pub search_submit: &'static str,
    pub print_intro: &'static str,
    pub contents: &'static str,
    pub dark_mode: &'static str,
    pub filter_actor: &'static str,
    pub filter_tag: &'static str,
    pub filter_all: &'static str,
    pub filter_shown: &'static str,
    pub filter_reset: &'static str,
    pub last_updated: &'static str,
    /// Before the date of a page's last change (from the history, or `updated`).
    pub last_changed: &'static str,
    /// The page of the data exports.
    pub data: &'static str,
    pub data_intro: &'static str,
    /// The page of recent changes, and its feed.
    pub changes: &'static str,
    pub changes_intro: &'static str,
    pub changes_feed: &'static str,
    pub changed_pages: &'static str,
    pub commit: &'static str,
    pub years: &'static str,
    pub indexes: &'static str,
    pub aliases: &'static str,
    pub note: &'static str,
    pub source: &'static str,
    pub claims_checked: &'static str,
    pub claims_of: &'static str,
    pub reliability: &'static str,
    pub reliability_note: &'static str,
    pub grade: &'static str,
    pub grade_a: &'static str,
    pub grade_b: &'static str,
    pub grade_c: &'static str,
    pub grade_d: &'static str,
    pub grade_e: &'static str,
    pub grade_f: &'static str,
    pub ungraded: &'static str,
    pub archived_copy: &'static str,
    pub archived: &'static str,
    pub weak_ground: &'static str,
    pub single_source: &'static str,
    pub single_publisher: &'static str,
    pub evidence_intro: &'static str,
    pub sources_by_grade: &'static str,
    pub sources_by_kind: &'static str,
    pub total: &'static str,
    pub on_weak_ground: &'static str,
    pub on_single_source: &'static str,
    pub on_single_publisher: &'static str,
    pub claims_by_status: &'static str,
    pub without_archive: &'static str,
    pub none: &'static str,
    pub statement_event: &'static str,
    pub statement_relation: &'static str,
    pub statement_claim: &'static str,
    pub quotes: &'static str,
    pub graded: &'static str,
    pub with_archive: &'static str,
    /// The legend of the relations' line styles, and the family names in it.
    pub relation_kinds: &'static str,
    pub family_office: &'static str,
    pub family_membership: &'static str,
    pub family_alliance: &'static str,
    pub family_conflict: &'static str,
    pub family_diplomacy: &'static str,
    pub family_economy: &'static str,
    pub family_other: &'static str,
    /// The graph's year filter: its label, its first option, and its count (`{shown}` and
    /// `{total}` are filled in by the script).
    pub relations_in_year: &'static str,
    pub all_years: &'static str,
    pub relations_shown: &'static str,
    /// A link preview's kind line: an actor, an event.
    pub actor: &'static str,
    pub event: &'static str,
}

static GERMAN: UiStrings = UiStrings {
    home: "Start",
    actors: "Akteure",
    notes: "Notizen",
    sources: "Quellen",
    timeline: "Zeitleiste",
    tags: "Schlagworte",
    tag: "Schlagwort",
    graph: "Beziehungen",
    search: "Suche",
    search_placeholder: "Dossier durchsuchen …",
    skip_to_content: "Zum Inhalt springen",
    main_navigation: "Hauptnavigation",
    on_this_page: "Auf dieser Seite",
    references: "Quellenangaben",
    backlinks: "Verweise auf diese Seite",
    linked_from: "Erwähnt in",
    cited_by: "Zitiert in",
    relations: "Beziehungen",
    events: "Ereignisse",
    notes_about: "Notizen",
    list_pages: "Seiten der Liste",
    related_actors: "Beteiligte Akteure",
    claims: "Aussagen und ihre Prüfung",
    evidence: "Belege",
    written: "Verfasst",
    updated: "Aktualisiert",
    born: "Geboren",
    died: "Gestorben",
    founded: "Gegründet",
    dissolved: "Aufgelöst",
    kind: "Art",
    publisher: "Herausgeber",
    author: "Autor",
    published: "Erschienen",
    accessed: "Abgerufen",
    language: "Sprache",
    original: "Original",
    place: "Ort",
    since: "seit",
    until: "bis",
    all_events: "Alle Ereignisse",
    latest_events: "Neueste Ereignisse",
    key_actors: "Wichtige Akteure",
    filter_by_actor: "Nach Akteur filtern",
    filter_by_tag: "Nach Schlagwort filtern",
    show_all: "Alle zeigen",
    not_found_title: "Seite nicht gefunden",
    not_found_text: "Diese Seite gibt es nicht (mehr).",
    back_home: "Zur Startseite",
    status_confirmed: "bestätigt",
    status_context: "einzuordnen",
    status_disputed: "widersprochen",
    status_unverified: "nicht belegt",
    embedded_from: "Eingebettet aus",
    feed: "Feed",
    print_version: "Druckfassung",
    license: "Lizenz der Texte",
    other: "Weitere",
    theme_toggle: "Farbschema wechseln",
    no_results: "Keine Treffer",
    generated_by: "Erstellt mit dossier",
    graph_intro: "Wer mit wem: jede Linie eine Beziehung, der Pfeil zeigt ihre Richtung. Jeder Punkt führt zur Seite des Akteurs.",
    graph_as_list: "Alle Beziehungen als Liste",
    graph_unconnected: "Ohne Beziehungen",
    graph_open: "Beziehungsnetz ansehen",
    graph_none: "Dieses Dossier verzeichnet noch keine Beziehungen zwischen Akteuren.",
    neighbourhood: "Beziehungsnetz",
    legend: "Legende",
    search_label: "Suchbegriff",
    search_intro: "Volltextsuche über Akteure, Notizen, Quellen und die Zeitleiste.",
    search_needs_js: "Die Volltextsuche braucht JavaScript. Alles Weitere erschließen die Verzeichnisse:",
    search_results: "Treffer",
    search_loading: "Suche läuft …",
    search_submit: "Suchen",
    print_intro: "Das ganze Dossier auf einer Seite, zum Drucken oder Speichern als PDF.",
    contents: "Inhalt",
    dark_mode: "Dunkles Farbschema",
    filter_actor: "Akteur",
    filter_tag: "Schlagwort",
    filter_all: "alle",
    filter_shown: "von",
    filter_reset: "Filter zurücksetzen",
    last_updated: "Zuletzt aktualisiert",
    last_changed: "Zuletzt geändert",
    data: "Daten",
    data_intro: "Die Daten dieses Dossiers zum Weiterverwenden, in offenen Formaten. Jede Datei wird bei jedem Bau neu geschrieben und verwendet dieselben Kennungen (die Namen der Dateien in content/), sodass sie sich miteinander verbinden lassen.",
    changes: "Änderungen",
    changes_intro: "Die jüngsten Änderungen an diesem Dossier, aus seiner Versionsgeschichte: wann, welche Seite, und was geändert wurde.",
    changes_feed: "Änderungen als Feed",
    changed_pages: "Geänderte Seiten",
    commit: "Änderung",
    years: "Jahre",
    indexes: "Verzeichnisse",
    aliases: "Andere Namen",
    note: "Notiz",
    source: "Quelle",
    claims_checked: "Aussagen im Faktencheck",
    claims_of: "Aussagen",
    reliability: "Verlässlichkeit",
    reliability_note: "Begründung",
    grade: "Bewertung",
    grade_a: "völlig zuverlässig",
    grade_b: "meist zuverlässig",
    grade_c: "ziemlich zuverlässig",
    grade_d: "nicht immer zuverlässig",
    grade_e: "unzuverlässig",
    grade_f: "nicht beurteilbar",
    ungraded: "nicht bewertet",
    archived_copy: "Archivkopie",
    archived: "archiviert",
    weak_ground: "Stützt sich nur auf Quellen der Bewertung D–F.",
    single_source: "Stützt sich auf eine einzige Quelle.",
    single_publisher: "Alle Quellen stammen von einem Herausgeber:",
    evidence_intro: "Wie die Aussagen dieses Dossiers belegt sind: die Quellen nach ihrer Verlässlichkeit (Admiralty-Skala, A völlig zuverlässig bis E unzuverlässig, F nicht beurteilbar), die Aussagen auf schwachem Grund und die Quellen ohne Archivkopie.",
    sources_by_grade: "Quellen nach Bewertung",
    sources_by_kind: "Quellen nach Art und Bewertung",
    total: "Gesamt",
    on_weak_ground: "Aussagen auf schwachem Grund",
    on_single_source: "Aussagen mit nur einer Quelle",
    on_single_publisher: "Aussagen mit Quellen nur eines Herausgebers",
    claims_by_status: "Aussagen nach Status",
    without_archive: "Quellen ohne Archivkopie",
    none: "Keine.",
    statement_event: "Ereignis",
    statement_relation: "Beziehung",
    statement_claim: "Aussage",
    quotes: "Zitate",
    graded: "bewertet",
    with_archive: "mit Archivkopie",
    relation_kinds: "Linien",
    family_office: "Amt",
    family_membership: "Mitgliedschaft",
    family_alliance: "Bündnis, Vertrag",
    family_conflict: "Konflikt",
    family_diplomacy: "Diplomatie",
    family_economy: "Wirtschaft",
    family_other: "Sonstige",
    relations_in_year: "Beziehungen im Jahr",
    all_years: "alle Jahre",
    relations_shown: "{shown} von {total} Beziehungen (ohne Datum immer gezeigt)",
    actor: "Akteur",
    event: "Ereignis",
};

static ENGLISH: UiStrings = UiStrings {
    home: "Home",
    actors: "Actors",
    notes: "Notes",
    sources: "Sources",
    timeline: "Timeline",
    tags: "Tags",
    tag: "Tag",
    graph: "Relations",
    search: "Search",
    search_placeholder: "Search the dossier …",
    skip_to_content: "Skip to content",
    main_navigation: "Main navigation",
    on_this_page: "On this page",
    references: "References",
    backlinks: "Links to this page",
    linked_from: "Mentioned in",
    cited_by: "Cited in",
    relations: "Relations",
    events: "Events",
    notes_about: "Notes",
    list_pages: "Pages of the list",
    related_actors: "Actors involved",
    claims: "Claims and how they hold up",
    evidence: "Evidence",
    written: "Written",
    updated: "Updated",
    born: "Born",
    died: "Died",
    founded: "Founded",
    dissolved: "Dissolved",
    kind: "Kind",
    publisher: "Publisher",
    author: "Author",
    published: "Published",
    accessed: "Accessed",
    language: "Language",
    original: "Original",
    place: "Place",
    since: "since",
    until: "until",
    all_events: "All events",
    latest_events: "Latest events",
    key_actors: "Key actors",
    filter_by_actor: "Filter by actor",
    filter_by_tag: "Filter by tag",
    show_all: "Show all",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist (any more).",
    back_home: "Back to the home page",
    status_confirmed: "confirmed",
    status_context: "needs context",
    status_disputed: "disputed",
    status_unverified: "unverified",
    embedded_from: "Embedded from",
    feed: "Feed",
    print_version: "Print version",
    license: "Licence of the text",
    other: "Other",
    theme_toggle: "Switch colour scheme",
    no_results: "No results",
    generated_by: "Made with dossier",
    graph_intro: "Who is tied to whom: each line is a relation, its arrow shows the direction. Each dot leads to the actor's page.",
    graph_as_list: "All relations as a list",
    graph_unconnected: "Without relations",
    graph_open: "View the network",
    graph_none: "This dossier records no relations between actors yet.",
    neighbourhood: "Network",
    legend: "Legend",
    search_label: "Search term",
    search_intro: "Full-text search over actors, notes, sources and the timeline.",
    search_needs_js: "Full-text search needs JavaScript. The indexes lead to everything else:",
    search_results: "results",
    search_loading: "Searching …",
    search_submit: "Search",
    print_intro: "The whole dossier on one page, for printing or saving as PDF.",
    contents: "Contents",
    dark_mode: "Dark colour scheme",
    filter_actor: "Actor",
    filter_tag: "Tag",
    filter_all: "all",
    filter_shown: "of",
    filter_reset: "Reset filters",
    last_updated: "Last updated",
    last_changed: "Last changed",
    data: "Data",
    data_intro: "This dossier's data for reuse, in open formats. Every file is written anew on each build and uses the same ids (the names of the files in content/), so that they join.",
    changes: "Changes",
    changes_intro: "The latest changes to this dossier, from its version history: when, which page, and what changed.",
    changes_feed: "Changes as a feed",
    changed_pages: "Changed pages",
    commit: "Change",
    years: "Years",
    indexes: "Indexes",
    aliases: "Other names",
    note: "Note",
    source: "Source",
    claims_checked: "Claims, checked",
    claims_of: "claims",
    reliability: "Reliability",
    reliability_note: "Why this grade",
    grade: "Grade",
    grade_a: "completely reliable",
    grade_b: "usually reliable",
    grade_c: "fairly reliable",
    grade_d: "not usually reliable",
    grade_e: "unreliable",
    grade_f: "cannot be judged",
    ungraded: "not graded",
    archived_copy: "Archived copy",
    archived: "archived",
    weak_ground: "Rests only on sources graded D–F.",
    single_source: "Rests on a single source.",
    single_publisher: "All its sources come from one publisher:",
    evidence_intro: "What the statements of this dossier rest on: the sources by reliability (the Admiralty scale, A completely reliable to E unreliable, F cannot be judged), the statements on weak ground, and the sources without an archived copy.",
    sources_by_grade: "Sources by grade",
    sources_by_kind: "Sources by kind and grade",
    total: "Total",
    on_weak_ground: "Statements on weak ground",
    on_single_source: "Statements resting on a single source",
    on_single_publisher: "Statements whose sources share one publisher",
    claims_by_status: "Claims by status",
    without_archive: "Sources without an archived copy",
    none: "None.",
    statement_event: "Event",
    statement_relation: "Relation",
    statement_claim: "Claim",
    quotes: "Quotes",
    graded: "graded",
    with_archive: "with an archived copy",
    relation_kinds: "Lines",
    family_office: "Office",
    family_membership: "Membership",
    family_alliance: "Alliance, treaty",
    family_conflict: "Conflict",
    family_diplomacy: "Diplomacy",
    family_economy: "Economy",
    family_other: "Other",
    relations_in_year: "Relations in the year",
    all_years: "all years",
    relations_shown: "{shown} of {total} relations (undated ones always shown)",
    actor: "Actor",
    event: "Event",
};

/// The plural heading for an actor kind in the site's language ("person" → "Personen").
pub fn actor_kind_heading(language: Language, kind: &str) -> String {
    let known = match (language, kind) {
        (Language::De, "person") => Some("Personen"),
        (Language::De, "state") => Some("Staaten"),
        (Language::De, "organization" | "organisation") => Some("Organisationen"),
        (Language::En, "person") => Some("People"),
        (Language::En, "state") => Some("States"),
        (Language::En, "organization" | "organisation") => Some("Organizations"),
        _ => None,
    };
    known.map_or_else(|| capitalize(kind), str::to_owned)
}

/// The singular label for an actor or source kind ("person" → "Person").
pub fn kind_label(language: Language, kind: &str) -> String {
    let known = match (language, kind) {
        (Language::De, "state") => Some("Staat"),
        (Language::De, "organization" | "organisation") => Some("Organisation"),
        (Language::De, "article") => Some("Artikel"),
        (Language::De, "report") => Some("Bericht"),
        (Language::De, "speech") => Some("Rede"),
        (Language::De, "dataset") => Some("Datensatz"),
        (Language::De, "website") => Some("Website"),
        (Language::De, "document") => Some("Dokument"),
        (Language::De, "statement") => Some("Erklärung"),
        (Language::De, "transcript") => Some("Wortprotokoll"),
        (Language::De, "paper") => Some("Fachaufsatz"),
        (Language::De, "book") => Some("Buch"),
        (Language::De, "decree") => Some("Erlass"),
        (Language::De, "law") => Some("Gesetz"),
        (Language::De, "poll") => Some("Umfrage"),
        (Language::En, "organisation") => Some("Organization"),
        _ => None,
    };
    known.map_or_else(|| capitalize(kind), str::to_owned)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a file of the data page is for, by its path under `data/` (or the feed's).
pub fn data_file_purpose(language: Language, path: &str) -> &'static str {
    match (language, path) {
        (Language::De, "atom.xml") => "Neue und geänderte Notizen als Atom-Feed, für Feedreader.",
        (Language::De, "changes/atom.xml") => {
            "Die jüngsten Änderungen aus der Versionsgeschichte als Atom-Feed."
        }
        (Language::De, "data/timeline.json") => {
            "Die Zeitleiste im Format von TimelineJS3: lädt dort unverändert."
        }
        (Language::De, "data/actors.json") => {
            "Alle Akteure mit ihren Beziehungen und Ereignissen, als JSON."
        }
        (Language::De, "data/sources.json") => {
            "Alle Quellen mit bibliografischen Angaben, Bewertung, Archivkopie und den Seiten, die sie zitieren."
        }
        (Language::De, "data/entities.ftm.jsonl") => {
            "Das Dossier als FollowTheMoney-Entitäten (eine JSON-Zeile je Entität): Personen, Organisationen, Beziehungen, Ereignisse und Quellen, ladbar in Aleph und OpenAleph."
        }
        (Language::De, "data/actors.csv") => {
            "Die Akteure als Tabelle, eine Zeile je Akteur, für Tabellenkalkulation und Statistik."
        }
        (Language::De, "data/events.csv") => {
            "Die Ereignisse der Zeitleiste als Tabelle; die Spalte actors nennt die Kennungen aus actors.csv."
        }
        (Language::De, "data/claims.csv") => {
            "Die geprüften Aussagen der Quellen mit Status, Ereignissen und Belegen als Tabelle."
        }
        (Language::De, "data/network.graphml") => {
            "Das Beziehungsnetz als GraphML (Akteure als Knoten, Beziehungen als Kanten), für Gephi, networkx oder yEd."
        }
        (_, "atom.xml") => "New and updated notes as an Atom feed, for feed readers.",
        (_, "changes/atom.xml") => "The latest changes from the version history as an Atom feed.",
        (_, "data/timeline.json") => {
            "The timeline in TimelineJS3's format: it loads there unchanged."
        }
        (_, "data/actors.json") => "Every actor with its relations and events, as JSON.",
        (_, "data/sources.json") => {
            "Every source with its bibliographic data, grade, archived copy and the pages that cite it."
        }
        (_, "data/entities.ftm.jsonl") => {
            "The dossier as FollowTheMoney entities (one JSON line each): people, organisations, relations, events and sources, for Aleph and OpenAleph."
        }
        (_, "data/actors.csv") => {
            "The actors as a table, one row each, for spreadsheets and statistics."
        }
        (_, "data/events.csv") => {
            "The timeline's events as a table; the actors column holds the ids of actors.csv."
        }
        (_, "data/claims.csv") => {
            "The sources' checked claims with status, events and evidence, as a table."
        }
        (_, "data/network.graphml") => {
            "The relations network in GraphML (actors as nodes, relations as edges), for Gephi, networkx or yEd."
        }
        _ => "",
    }
}

/// Words that Markdown itself shows: a callout's default title, an attachment's link.
impl Language {
    /// The title of a callout without one of its own: in English the type as written, its first
    /// letter capital (`[!tldr]` → "Tldr", as Obsidian shows it); in German the name of the type
    /// it stands for (`[!tldr]` → "Zusammenfassung"). `canonical` is the type
    /// Obsidian knows it as (empty for a type it does not know), `written` what the author wrote.
    pub fn callout_title(self, canonical: &str, written: &str) -> String {
        let german = match canonical {
            "note" => "Notiz",
            "abstract" => "Zusammenfassung",
            "info" => "Info",
            "todo" => "Aufgabe",
            "tip" => "Tipp",
            "success" => "Erledigt",
            "question" => "Frage",
            "warning" => "Warnung",
            "failure" => "Fehlschlag",
            "danger" => "Gefahr",
            "bug" => "Programmfehler",
            "example" => "Beispiel",
            "quote" => "Zitat",
            _ => "",
        };
        // an unknown type (`canonical` empty) keeps its own name in every language
        match self {
            Language::De if !german.is_empty() => german.to_owned(),
            _ => {
                let lower = written.to_lowercase();
                let mut chars = lower.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            }
        }
    }

    /// The link under an embedded PDF.
    pub fn download(self) -> &'static str {
        match self {
            Language::De => "Herunterladen",
            Language::En => "Download",
        }
    }

    /// The text alternative of a diagram without a title of its own.
    pub fn diagram(self) -> &'static str {
        match self {
            Language::De => "Diagramm (als Text darunter)",
            Language::En => "Diagram (as text below)",
        }
    }

    /// The fold under a diagram that shows its source.
    pub fn diagram_source(self) -> &'static str {
        match self {
            Language::De => "Diagramm als Text",
            Language::En => "Diagram as text",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        assert_eq!(Language::from_code("de-AT"), Language::De);
        assert_eq!(Language::from_code("en"), Language::En);
        assert_eq!(Language::from_code("fr"), Language::En);
        assert!(!Language::is_supported("fr"));
    }

    #[test]
    fn kind_headings() {
        assert_eq!(actor_kind_heading(Language::De, "person"), "Personen");
        assert_eq!(actor_kind_heading(Language::De, "militär"), "Militär");
        assert_eq!(kind_label(Language::De, "interview"), "Interview");
    }
}
