//! Weighs what each statement rests on: the grades of its sources, whether they all are graded
//! D–F (weak ground), whether it is one source or one publisher. Statements are events,
//! relations and claims with status `confirmed`.

use std::path::Path;

use super::Linked;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{ClaimStatus, DocId, Document, EventId, IdVec, Reliability};

/// A statement of the dossier that rests on sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Statement {
    Event(EventId),
    /// An actor's relation, by its index among the actor's relations.
    Relation(DocId, usize),
    /// A source's claim with status `confirmed`, by its index among the source's claims.
    Claim(DocId, usize),
}

/// What a statement's sources come to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ground {
    /// Every source graded D, E or F.
    pub weak: bool,
    /// One source only.
    pub single_source: bool,
    /// Two or more sources, all of this one publisher.
    pub single_publisher: Option<String>,
}

impl Ground {
    /// The ground of a statement resting on `sources`; `None` when it names none.
    pub fn of(documents: &IdVec<DocId, Document>, sources: &[DocId]) -> Option<Ground> {
        if sources.is_empty() {
            return None;
        }
        let info = |id: DocId| documents[id].source.as_ref();
        let weak = sources.iter().all(|&id| {
            info(id)
                .and_then(|s| s.reliability)
                .is_some_and(Reliability::is_weak)
        });
        let mut distinct: Vec<DocId> = sources.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let publishers: Vec<Option<&str>> = distinct
            .iter()
            .map(|&id| {
                info(id)
                    .and_then(|s| s.publisher.as_deref())
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
            })
            .collect();
        let single_publisher = match publishers.as_slice() {
            [Some(first), rest @ ..] if !rest.is_empty() => rest
                .iter()
                .all(|p| p.is_some_and(|p| p.to_lowercase() == first.to_lowercase()))
                .then(|| (*first).to_owned()),
            _ => None,
        };
        Some(Ground {
            weak,
            single_source: distinct.len() == 1,
            single_publisher,
        })
    }

    /// Whether a reader should be told anything about it.
    pub fn is_notable(&self) -> bool {
        self.weak || self.single_source || self.single_publisher.is_some()
    }
}

impl Linked {
    /// Every statement with the sources it rests on, in the order: events, then by document
    /// relations and confirmed claims.
    pub fn statements(&self) -> Vec<(Statement, &[DocId])> {
        let events = self
            .event_refs
            .iter_with_ids()
            .map(|(id, refs)| (Statement::Event(id), refs.sources.as_slice()));
        let documents = self
            .dossier
            .documents
            .iter_with_ids()
            .flat_map(|(id, doc)| {
                let relations = self.doc_refs[id].relation_sources.iter().enumerate().map(
                    move |(index, sources)| (Statement::Relation(id, index), sources.as_slice()),
                );
                let claims = doc.source.iter().flat_map(move |source| {
                    source
                        .claims
                        .iter()
                        .enumerate()
                        .filter(|(_, claim)| claim.status == ClaimStatus::Confirmed)
                        .map(move |(index, _)| {
                            let sources = self.doc_refs[id].claim_sources[index].as_slice();
                            (Statement::Claim(id, index), sources)
                        })
                });
                relations.chain(claims)
            });
        events.chain(documents).collect()
    }

    /// Where a statement is written: its file and line.
    pub fn statement_place(&self, statement: Statement) -> (&Path, usize) {
        let documents = &self.dossier.documents;
        match statement {
            Statement::Event(id) => {
                let event = &self.dossier.events[id];
                (&event.file, event.yaml.first_line)
            }
            Statement::Relation(doc, index) => {
                let line = documents[doc]
                    .actor
                    .as_ref()
                    .and_then(|a| a.relations.get(index))
                    .map_or(0, |r| r.line);
                (&documents[doc].file, line)
            }
            Statement::Claim(doc, index) => {
                let line = documents[doc]
                    .source
                    .as_ref()
                    .and_then(|s| s.claims.get(index))
                    .map_or(0, |c| c.line);
                (&documents[doc].file, line)
            }
        }
    }
}

/// A warning (or error, as `[evidence] weak_ground` says) for every statement on weak ground,
/// at its line, with its sources' grades.
pub fn check_ground(linked: &Linked, config: &Config) -> Vec<Diagnostic> {
    let documents = &linked.dossier.documents;
    let mut diagnostics = Vec::new();
    for (statement, sources) in linked.statements() {
        if !Ground::of(documents, sources).is_some_and(|g| g.weak) {
            continue;
        }
        let grades: Vec<String> = sources
            .iter()
            .map(|&id| {
                let grade = documents[id].source.as_ref().and_then(|s| s.reliability);
                format!(
                    "{} ({})",
                    documents[id].slug,
                    grade.map_or("?", Reliability::letter)
                )
            })
            .collect();
        let what = match statement {
            Statement::Event(id) => format!("the event `{}`", linked.dossier.events[id].title),
            Statement::Relation(..) => "the relation".to_owned(),
            Statement::Claim(..) => "the confirmed claim".to_owned(),
        };
        let message = format!(
            "{what} rests only on sources graded D–F: {}",
            grades.join(", ")
        );
        let Some(diagnostic) = config.evidence.weak_ground.diagnostic(message) else {
            return Vec::new();
        };
        let (file, line) = linked.statement_place(statement);
        diagnostics.push(diagnostic.in_file(file).at(line, 0).with_hint(
            "add a source graded A–C, or say less; `[evidence] weak_ground` in site.toml sets \
             whether this warns, fails the build or is passed over",
        ));
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Overrides;
    use crate::model::{IdVec, SourceInfo};
    use crate::source::Section;

    fn source(grade: Option<Reliability>, publisher: Option<&str>) -> Document {
        let config = Config::parse(
            Path::new("/d"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            &Overrides::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let mut doc = Document::default_home(&config);
        doc.section = Section::Sources;
        doc.source = Some(SourceInfo {
            kind: None,
            publisher: publisher.map(str::to_owned),
            author: None,
            published: None,
            url: None,
            language: None,
            accessed: None,
            claims: Vec::new(),
            reliability: grade,
            reliability_note: None,
            archive: None,
            archived: None,
        });
        doc
    }

    #[test]
    fn weak_ground_needs_every_source_graded_d_to_f() {
        use Reliability::*;
        let documents = [
            source(Some(D), Some("Wikiwand")),
            source(Some(E), Some("TASS")),
            source(Some(B), Some("Reuters")),
            source(None, Some("reuters ")),
            source(Some(F), None),
        ];
        let documents = IdVec::from(documents.to_vec());
        let ground = |ids: &[usize]| {
            let ids: Vec<DocId> = ids.iter().copied().map(DocId::new).collect();
            Ground::of(&documents, &ids)
        };
        assert_eq!(ground(&[]), None);
        assert!(ground(&[0, 1, 4]).is_some_and(|g| g.weak && !g.single_source));
        assert!(ground(&[0, 2]).is_some_and(|g| !g.weak));
        // an ungraded source is not known to be weak
        assert!(ground(&[0, 3]).is_some_and(|g| !g.weak));
        assert!(ground(&[1, 1]).is_some_and(|g| g.weak && g.single_source));
    }

    #[test]
    fn one_publisher_is_told_only_of_two_sources_or_more_that_all_name_it() {
        use Reliability::*;
        let documents = [
            source(Some(B), Some("Reuters")),
            source(None, Some("reuters ")),
            source(Some(F), None),
        ];
        let documents = IdVec::from(documents.to_vec());
        let publisher = |ids: &[usize]| {
            let ids: Vec<DocId> = ids.iter().copied().map(DocId::new).collect();
            Ground::of(&documents, &ids).and_then(|g| g.single_publisher)
        };
        assert_eq!(publisher(&[0, 1]).as_deref(), Some("Reuters"));
        assert_eq!(publisher(&[0]), None);
        assert_eq!(publisher(&[0, 1, 2]), None);
    }
}
