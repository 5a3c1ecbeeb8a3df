//! Every HTML page of the site: which template, which view, which output path. Each kind of
//! page has its file; this one holds what they share and the small pages.

use serde::Serialize;
use tera::Value;

use crate::render::views::{PageMeta, Views};

mod actor;
mod document;
mod home;
mod lists;
mod source;
mod timeline;

pub use actor::ActorView;
pub use document::DocumentView;
pub use home::HomeView;
pub use source::SourceView;
pub use timeline::YearGroup;

/// One page to render: the output path, the template and its context.
pub struct Page<'v> {
    pub path: String,
    pub template: &'static str,
    pub context: PageContext<'v>,
    /// Whether the rendered page goes into the search index.
    pub indexed: bool,
    /// For a page written piece by piece (the print page, the timeline): how the pieces that
    /// stand at its placeholders are made, and the links to pages it holds made local.
    pub assembled: Option<super::assembled::AssembledPage<'v>>,
    /// About how many bytes the page will have, when it is big (0: a page of usual size), so
    /// that its buffer is made once instead of doubled again and again.
    pub size_hint: usize,
    /// What the page reads, summed up, when it declares that ([`super::reuse`]): a page whose
    /// signature is the one it was made with last time need not be made again.
    pub signature: Option<u64>,
}

/// A page's template context: made with the page, or, for a big page that declares what it
/// reads, only once it is known that the page is made (its signature is not the one it was
/// made with last time).
pub enum PageContext<'v> {
    Made(tera::Context),
    Deferred(Box<dyn FnOnce() -> tera::Context + 'v>),
}

impl PageContext<'_> {
    pub fn make(self) -> tera::Context {
        match self {
            PageContext::Made(context) => context,
            PageContext::Deferred(make) => make(),
        }
    }
}

#[derive(Serialize)]
struct PlainPage<'a> {
    site: &'a Value,
    page: PageMeta,
}

pub(in crate::render) fn context<T: Serialize>(value: &T) -> tera::Context {
    tera::Context::from_serialize(value).unwrap_or_default()
}

/// The context of `value`, made now.
pub(in crate::render) fn made<T: Serialize>(value: &T) -> PageContext<'static> {
    PageContext::Made(context(value))
}

pub(super) fn truncate_words(text: &str, words: usize) -> String {
    let mut out: Vec<&str> = text.split_whitespace().take(words + 1).collect();
    if out.len() > words {
        out.truncate(words);
        format!("{} …", out.join(" "))
    } else {
        out.join(" ")
    }
}

impl Views<'_> {
    pub(in crate::render) fn meta(
        &self,
        title: &str,
        description: Option<&str>,
        path: &str,
        kind: &'static str,
        section: &'static str,
    ) -> PageMeta {
        PageMeta {
            title: title.to_owned(),
            description: description.unwrap_or(&self.site.description).to_owned(),
            url: self.config.url(path),
            canonical: self.config.absolute_url(path),
            kind,
            section,
            json_ld: None,
            indexed: false,
        }
    }

    pub fn not_found_page(&self) -> Page<'_> {
        let page = self.meta(self.site.t.not_found_title, None, "404.html", "404", "");
        self.plain_page("404.html", "404.html", page)
    }

    /// The search page: Pagefind's search with JavaScript, the indexes without.
    pub fn search_page(&self) -> Page<'_> {
        let t = self.site.t;
        let page = self.meta(
            t.search,
            Some(t.search_intro),
            "search/",
            "search",
            "search",
        );
        self.plain_page("search/index.html", "search.html", page)
    }

    /// A page that shows only the site and its own title and description.
    fn plain_page(&self, path: &str, template: &'static str, page: PageMeta) -> Page<'_> {
        Page {
            path: path.into(),
            template,
            context: made(&PlainPage {
                site: &self.site_value,
                page,
            }),
            indexed: false,
            assembled: None,
            size_hint: 0,
            signature: None,
        }
    }
}
