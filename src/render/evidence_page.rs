//! The evidence overview at `evidence/`: the sources by grade and kind, the statements on weak
//! ground or on a single source or publisher, the claims by status, and the sources without an
//! archived copy.

use serde::Serialize;
use tera::Value;

use super::evidence::{GradeView, SourceChip};
use super::pages::{Page, made};
use super::views::{PageMeta, Views};
use crate::i18n::kind_label;
use crate::link::{Ground, Statement};
use crate::model::{ClaimStatus, DocId, Reliability};
use crate::source::Section;

#[derive(Serialize)]
struct EvidencePage<'a> {
    site: &'a Value,
    page: PageMeta,
    evidence: EvidenceView,
}

#[derive(Serialize)]
struct EvidenceView {
    source_count: usize,
    graded_count: usize,
    archived_count: usize,
    /// Per grade, best first, then the ungraded sources; only groups with sources.
    grades: Vec<GradeGroup>,
    /// The columns of the kind table: every grade, then the ungraded.
    columns: Vec<Column>,
    /// Per source kind: how many sources of each column.
    kinds: Vec<KindRow>,
    weak_ground: Vec<StatementView>,
    single_source: Vec<StatementView>,
    single_publisher: Vec<StatementView>,
    claims: Vec<StatusGroup>,
    without_archive: Vec<Value>,
}

#[derive(Serialize)]
struct GradeGroup {
    /// `grade-b`, `ungraded`: the heading's anchor.
    slug: String,
    heading: String,
    grade: Option<GradeView>,
    items: Vec<Value>,
}

#[derive(Serialize)]
struct Column {
    /// `B`, or `–` for the ungraded.
    heading: &'static str,
    /// What the heading means, for its `abbr` title.
    label: String,
}

#[derive(Serialize)]
struct KindRow {
    label: String,
    counts: Vec<usize>,
    total: usize,
}

/// An event, relation or confirmed claim in a list of statements.
#[derive(Serialize)]
struct StatementView {
    /// `Event`, `Relation`, `Claim`
    kind_label: &'static str,
    title: String,
    url: String,
    sources: Vec<SourceChip>,
    publisher: Option<String>,
}

#[derive(Serialize)]
struct StatusGroup {
    status: &'static str,
    label: &'static str,
    claims: Vec<ClaimRow>,
}

#[derive(Serialize)]
struct ClaimRow {
    text: String,
    url: String,
    source: String,
}

impl Views<'_> {
    pub fn evidence_page(&self) -> Page<'_> {
        let t = self.site.t;
        let sources = self.sorted_items(Section::Sources);
        let grade_of = |id: DocId| {
            self.document(id)
                .source
                .as_ref()
                .and_then(|s| s.reliability)
        };
        let (weak_ground, single_source, single_publisher) = self.statements_to_weigh();
        let view = EvidenceView {
            source_count: sources.len(),
            graded_count: sources.iter().filter(|&&id| grade_of(id).is_some()).count(),
            archived_count: sources
                .iter()
                .filter(|&&id| {
                    self.document(id)
                        .source
                        .as_ref()
                        .is_some_and(|s| s.archive.is_some())
                })
                .count(),
            grades: self.grade_groups(&sources),
            columns: Reliability::ALL
                .iter()
                .map(|&grade| Column {
                    heading: grade.letter(),
                    label: GradeView::new(grade, t).label,
                })
                .chain([Column {
                    heading: "–",
                    label: t.ungraded.to_owned(),
                }])
                .collect(),
            kinds: self.kind_rows(&sources),
            weak_ground,
            single_source,
            single_publisher,
            claims: self.claims_by_status(),
            without_archive: sources
                .iter()
                .copied()
                .filter(|&id| {
                    self.document(id)
                        .source
                        .as_ref()
                        .is_some_and(|s| s.archive.is_none())
                })
                .map(|id| self.item_values[id].clone())
                .collect(),
        };
        let mut page = self.meta(
            t.evidence,
            Some(t.evidence_intro),
            "evidence/",
            "evidence",
            "evidence",
        );
        page.indexed = false;
        Page {
            path: "evidence/index.html".into(),
            template: "evidence.html",
            context: made(&EvidencePage {
                site: &self.site_value,
                page,
                evidence: view,
            }),
            indexed: false,
            assembled: None,
            size_hint: 0,
            signature: None,
        }
    }

    fn grade_groups(&self, sources: &[DocId]) -> Vec<GradeGroup> {
        let t = self.site.t;
        let grade_of = |id: DocId| {
            self.document(id)
                .source
                .as_ref()
                .and_then(|s| s.reliability)
        };
        Reliability::ALL
            .iter()
            .map(|&grade| Some(grade))
            .chain([None])
            .filter_map(|grade| {
                let items: Vec<Value> = sources
                    .iter()
                    .filter(|&&id| grade_of(id) == grade)
                    .map(|&id| self.item_values[id].clone())
                    .collect();
                if items.is_empty() {
                    return None;
                }
                let view = grade.map(|g| GradeView::new(g, t));
                Some(GradeGroup {
                    slug: view
                        .as_ref()
                        .map_or("ungraded".to_owned(), |v| format!("grade-{}", v.class)),
                    heading: view
                        .as_ref()
                        .map_or_else(|| capitalized(t.ungraded), |v| v.label.clone()),
                    grade: view,
                    items,
                })
            })
            .collect()
    }

    fn kind_rows(&self, sources: &[DocId]) -> Vec<KindRow> {
        let t = self.site.t;
        let mut kinds: Vec<String> = sources
            .iter()
            .map(|&id| self.items[id].kind.clone().unwrap_or_default())
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
            .into_iter()
            .map(|kind| {
                let of_kind: Vec<Option<Reliability>> = sources
                    .iter()
                    .filter(|&&id| self.items[id].kind.clone().unwrap_or_default() == kind)
                    .map(|&id| {
                        self.document(id)
                            .source
                            .as_ref()
                            .and_then(|s| s.reliability)
                    })
                    .collect();
                let counts = Reliability::ALL
                    .iter()
                    .map(|&grade| Some(grade))
                    .chain([None])
                    .map(|grade| of_kind.iter().filter(|&&g| g == grade).count())
                    .collect();
                KindRow {
                    label: match kind.is_empty() {
                        true => t.other.to_owned(),
                        false => kind_label(self.language(), &kind),
                    },
                    counts,
                    total: of_kind.len(),
                }
            })
            .collect()
    }

    /// The statements on weak ground, those on a single source, and those whose sources share
    /// one publisher.
    fn statements_to_weigh(&self) -> (Vec<StatementView>, Vec<StatementView>, Vec<StatementView>) {
        let (mut weak, mut single, mut publisher) = (Vec::new(), Vec::new(), Vec::new());
        let documents = &self.linked.dossier.documents;
        for (statement, sources) in self.linked.statements() {
            let Some(ground) = Ground::of(documents, sources) else {
                continue;
            };
            let view = || self.statement_view(statement, sources, ground.single_publisher.clone());
            if ground.weak {
                weak.push(view());
            }
            if ground.single_source {
                single.push(view());
            }
            if ground.single_publisher.is_some() {
                publisher.push(view());
            }
        }
        (weak, single, publisher)
    }

    fn statement_view(
        &self,
        statement: Statement,
        sources: &[DocId],
        publisher: Option<String>,
    ) -> StatementView {
        let t = self.site.t;
        let (kind_label, title, url) = match statement {
            Statement::Event(id) => {
                let event = &self.events[id];
                (
                    t.statement_event,
                    format!("{}: {}", event.when, event.title),
                    event.url.clone(),
                )
            }
            Statement::Relation(doc, index) => {
                let relation = self
                    .document(doc)
                    .actor
                    .as_ref()
                    .and_then(|a| a.relations.get(index));
                let target = self.linked.doc_refs[doc]
                    .relation_targets
                    .get(index)
                    .copied()
                    .flatten();
                let title = format!(
                    "{} – {} → {}",
                    self.items[doc].title,
                    relation.map_or("", |r| r.kind.as_str()),
                    target.map_or("", |t| self.items[t].title.as_str()),
                );
                (
                    t.statement_relation,
                    title,
                    format!("{}#relations", self.items[doc].url),
                )
            }
            Statement::Claim(doc, index) => {
                let claim = self
                    .document(doc)
                    .source
                    .as_ref()
                    .and_then(|s| s.claims.get(index));
                (
                    t.statement_claim,
                    claim.map(|c| c.text.plain_text.clone()).unwrap_or_default(),
                    format!("{}#claim-{}", self.items[doc].url, index + 1),
                )
            }
        };
        StatementView {
            kind_label,
            title,
            url,
            sources: self.source_chips(sources),
            publisher,
        }
    }

    fn claims_by_status(&self) -> Vec<StatusGroup> {
        let t = self.site.t;
        let statuses = [
            (ClaimStatus::Confirmed, t.status_confirmed),
            (ClaimStatus::Context, t.status_context),
            (ClaimStatus::Disputed, t.status_disputed),
            (ClaimStatus::Unverified, t.status_unverified),
        ];
        statuses
            .into_iter()
            .filter_map(|(status, label)| {
                let claims: Vec<ClaimRow> = self
                    .sorted_items(Section::Sources)
                    .into_iter()
                    .flat_map(|id| {
                        let claims = self
                            .document(id)
                            .source
                            .iter()
                            .flat_map(|s| s.claims.iter());
                        claims
                            .enumerate()
                            .filter(|(_, claim)| claim.status == status)
                            .map(move |(index, claim)| ClaimRow {
                                text: claim.text.plain_text.clone(),
                                url: format!("{}#claim-{}", self.items[id].url, index + 1),
                                source: self.items[id].title.clone(),
                            })
                    })
                    .collect();
                (!claims.is_empty()).then_some(StatusGroup {
                    status: status.as_str(),
                    label,
                    claims,
                })
            })
            .collect()
    }
}

/// `nicht bewertet` → `Nicht bewertet`.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
