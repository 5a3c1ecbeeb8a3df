//! Where a `serve` build starts from: the last good build and what changed since, and how
//! its dossier is linked from there (again only where edited, or whole).

use super::kept_views::Changed;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::link::{self, Linked};
use crate::model::{DocId, Document, Dossier};
use crate::render::ViewParts;
use crate::render::reads::Declaration;
use crate::render::signatures::{Hashes, ReferenceHashes};

/// What a good build leaves for the next.
pub(super) struct GoodBuild {
    /// Its dossier, linked.
    pub(super) linked: Linked,
    /// What putting the dossier together reported.
    pub(super) assemble_problems: Vec<Diagnostic>,
    /// Its views and their hashes, when the next build can start from them.
    pub(super) views: Option<KeptViews>,
}

/// The views a build keeps for the next, and what they hashed to.
pub(super) struct KeptViews {
    pub(super) parts: ViewParts,
    pub(super) hashes: Hashes,
}

/// Where a build starts from.
pub(super) enum Start {
    /// Edits to documents that keep their names and headings: the last build's linked dossier
    /// and views, to be brought up to date.
    Relink {
        good: Box<GoodBuild>,
        edits: Vec<(DocId, Document)>,
        views: Box<KeptViews>,
    },
    /// Edits to documents in their places, some of which changed a name or a heading: the
    /// dossier is linked whole, then the last views are brought up to date where the edits, or
    /// references that lead elsewhere now, show.
    Rename {
        dossier: Dossier,
        assemble_problems: Vec<Diagnostic>,
        edited: Vec<DocId>,
        /// Where every reference led before.
        before: ReferenceHashes,
        views: Box<KeptViews>,
    },
    /// A dossier to link whole.
    Link {
        dossier: Dossier,
        assemble_problems: Vec<Diagnostic>,
    },
}

/// A build's dossier, linked, and the last views it can be brought up to date from.
pub(super) struct LinkedBuild {
    pub(super) linked: Linked,
    pub(super) assemble_problems: Vec<Diagnostic>,
    /// What linking reported.
    pub(super) problems: Vec<Diagnostic>,
    /// The last build's views, and what changed since they were made.
    pub(super) kept: Option<(Changed, KeptViews)>,
}

/// Links the dossier the way `start` says: again only where edited, or whole.
pub(super) fn link_from(start: Start, config: &Config, declaration: &Declaration) -> LinkedBuild {
    match start {
        Start::Relink {
            mut good,
            edits,
            views,
        } => {
            let edited: Vec<DocId> = edits.iter().map(|(id, _)| *id).collect();
            let problems = link::relink(&mut good.linked, edits, config);
            let changed = Changed {
                documents: edited,
                ..Changed::default()
            };
            LinkedBuild {
                linked: good.linked,
                assemble_problems: good.assemble_problems,
                problems,
                kept: Some((changed, *views)),
            }
        }
        Start::Rename {
            dossier,
            assemble_problems,
            edited,
            before,
            views,
        } => {
            let (linked, problems) = link::link(dossier, config);
            let now = ReferenceHashes::of(&linked, declaration);
            let (mut documents, events) = before.changed(&now);
            documents.extend(&edited);
            documents.sort_unstable();
            documents.dedup();
            let changed = Changed {
                documents,
                renamed: edited,
                events,
            };
            LinkedBuild {
                linked,
                assemble_problems,
                problems,
                kept: Some((changed, *views)),
            }
        }
        Start::Link {
            dossier,
            assemble_problems,
        } => {
            let (linked, problems) = link::link(dossier, config);
            LinkedBuild {
                linked,
                assemble_problems,
                problems,
                kept: None,
            }
        }
    }
}
