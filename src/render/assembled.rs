//! Pages that hold many pieces (the print page's documents, the timeline's event cards): Tera
//! renders the page with a short placeholder per piece, and the page is written piece by piece,
//! the pieces made a batch at a time as the writing reaches them, so that neither the pieces
//! nor the whole page are ever held at once.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::Arc;

use super::Destination;
use crate::diagnostic::Diagnostic;

/// What stands in the rendered page for the piece `index`.
pub fn placeholder(index: usize) -> String {
    format!("{PIECE_MARK}{index}{PIECE_MARK}")
}

/// Marks a piece's place; a control character no HTML of ours contains.
const PIECE_MARK: char = '\u{2}';

/// Makes some of the pieces, by their indexes, with the links among held pages made local.
pub type MakePieces<'v> =
    Box<dyn Fn(Range<usize>, &LocalLinks) -> Result<Vec<String>, Diagnostic> + Sync + 'v>;

/// A page that holds other pieces: how many, how to make them, and the links to make local.
pub struct AssembledPage<'v> {
    /// Links to pages the page holds a copy of (none for a page of event cards).
    pub links: LocalLinks,
    /// How many pieces there are; their placeholders are numbered from 0.
    pub count: usize,
    pub make: MakePieces<'v>,
}

/// How many pieces are made at a time while the page is written.
const PIECES_AT_A_TIME: usize = 256;

/// A stretch of the rendered page: its own text, or the place of a piece.
enum Segment<'a> {
    Text(&'a str),
    Piece(usize),
}

impl AssembledPage<'_> {
    /// Writes the finished page into `sink`, piece by piece: the rendered page (its links made
    /// local) with every placeholder replaced by its piece. Pieces are made a batch at a time
    /// as the writing reaches them, so that they are never all held at once. With `whole`, the
    /// finished page is also returned (for the search index).
    pub fn write(
        &self,
        rendered: &str,
        path: &str,
        sink: &dyn Destination,
        whole: bool,
    ) -> Result<Option<Vec<u8>>, Diagnostic> {
        let page = self.links.apply(rendered);
        let mut segments = self.segments(&page).into_iter();
        let mut ready: VecDeque<(usize, String)> = VecDeque::new();
        let mut kept = whole.then(Vec::new);
        let mut next = || -> Result<Option<Vec<u8>>, Diagnostic> {
            let piece = match segments.next() {
                None => return Ok(None),
                Some(Segment::Text(text)) => text.as_bytes().to_vec(),
                Some(Segment::Piece(index)) => {
                    if ready.front().map(|(made, _)| *made) != Some(index) {
                        let batch = index..(index + PIECES_AT_A_TIME).min(self.count);
                        let made = (self.make)(batch.clone(), &self.links)?;
                        ready = batch.zip(made).collect();
                    }
                    ready
                        .pop_front()
                        .map(|(_, piece)| piece.into_bytes())
                        .unwrap_or_default()
                }
            };
            if let Some(kept) = kept.as_mut() {
                kept.extend_from_slice(&piece);
            }
            Ok(Some(piece))
        };
        sink.write_pieces(path, &mut next)?;
        Ok(kept)
    }

    /// The rendered page cut at its placeholders; a placeholder of no piece stays text.
    fn segments<'a>(&self, rendered: &'a str) -> Vec<Segment<'a>> {
        let mut segments = Vec::with_capacity(self.count * 2 + 1);
        let mut rest = rendered;
        while let Some(start) = rest.find(PIECE_MARK) {
            let after = &rest[start + 1..];
            let Some(end) = after.find(PIECE_MARK) else {
                break;
            };
            let Some(index) = after[..end]
                .parse::<usize>()
                .ok()
                .filter(|&index| index < self.count)
            else {
                break;
            };
            segments.push(Segment::Text(&rest[..start]));
            segments.push(Segment::Piece(index));
            rest = &after[end + 1..];
        }
        segments.push(Segment::Text(rest));
        segments
    }
}

/// Links to pages that an assembled page holds: their URLs (`/repo/actors/x/`) and where the
/// page's copy starts (`doc-actors-x`), with the prefix its ids carry inside the assembled page.
/// A page cut into parts also knows the copies its other parts hold: links to those lead to
/// the part (`/repo/print/notes-2/#doc-notes-x`). The parts of one page share the targets
/// ([`LocalLinks::on_page`]): each part differs only in which copies are its own.
#[derive(Debug, Default, Clone)]
pub struct LocalLinks {
    /// By URL: the page holding the copy (empty for this one), its anchor and its id prefix.
    targets: Arc<BTreeMap<String, (String, String, String)>>,
    /// The URL of the page these links are made local on: copies held there are on this page.
    here: String,
}

impl LocalLinks {
    /// A hash of where every held page's copy is (the same for all parts of one page).
    pub fn targets_hash(&self) -> u64 {
        let mut hasher = super::reuse::SignatureHasher::default();
        for (url, (page, anchor, id_prefix)) in self.targets.iter() {
            hasher.text(url).text(page).text(anchor).text(id_prefix);
        }
        hasher.finish()
    }

    pub fn insert(&mut self, url: &str, anchor: &str, id_prefix: &str) {
        self.insert_on(url, "", anchor, id_prefix);
    }

    /// Like [`LocalLinks::insert`], for a copy held by the page at `page` (empty: this one).
    pub fn insert_on(&mut self, url: &str, page: &str, anchor: &str, id_prefix: &str) {
        let target = (page.to_owned(), anchor.to_owned(), id_prefix.to_owned());
        Arc::make_mut(&mut self.targets).insert(url.to_owned(), target);
    }

    /// The same links for the page at `here`: the copies held by `here` are on the page.
    pub fn on_page(&self, here: &str) -> LocalLinks {
        LocalLinks {
            targets: Arc::clone(&self.targets),
            here: here.to_owned(),
        }
    }

    /// The page holding a copy as a link from this page shows it: empty when it is this one.
    fn page_of<'t>(&self, page: &'t str) -> &'t str {
        match page == self.here {
            true => "",
            false => page,
        }
    }

    /// `html` with every `href` to a held page turned into a link within the assembled page,
    /// inside `<main>` only (the site's navigation keeps leading to the pages).
    pub fn apply(&self, html: &str) -> String {
        let (Some(start), Some(end)) = (html.find("<main"), html.rfind("</main>")) else {
            return html.to_owned();
        };
        if end < start || self.targets.is_empty() {
            return html.to_owned();
        }
        let mut out = String::with_capacity(html.len());
        out.push_str(&html[..start]);
        self.apply_to(&html[start..end], &mut out);
        out.push_str(&html[end..]);
        out
    }

    /// `html` (a part of the page's `<main>`) with every `href` to a held page made local.
    pub fn apply_everywhere(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        self.apply_to(html, &mut out);
        out
    }

    fn apply_to(&self, html: &str, out: &mut String) {
        let mut rest = html;
        const HREF: &str = " href=\"";
        while let Some(at) = rest.find(HREF) {
            let value_start = at + HREF.len();
            out.push_str(&rest[..value_start]);
            rest = &rest[value_start..];
            let Some(close) = rest.find('"') else { break };
            let url = &rest[..close];
            let (path, fragment) = match url.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (url, None),
            };
            match (self.targets.get(path), fragment) {
                (Some((page, anchor, _)), None | Some("")) => {
                    out.push_str(self.page_of(page));
                    out.push('#');
                    out.push_str(anchor);
                }
                (Some((page, _, prefix)), Some(fragment)) => {
                    out.push_str(self.page_of(page));
                    out.push('#');
                    out.push_str(prefix);
                    out.push_str(fragment);
                }
                (None, _) => out.push_str(url),
            }
            rest = &rest[close..];
        }
        out.push_str(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_held_pages_stay_on_the_page() {
        let mut links = LocalLinks::default();
        links.insert("/r/actors/a/", "doc-actors-a", "doc-actors-a-");
        links.insert("/r/timeline/", "section-timeline", "event-");
        let html = "<nav><a href=\"/r/actors/a/\">A</a></nav><main id=\"main\">\
                    <a href=\"/r/actors/a/\">A</a> <a href=\"/r/actors/a/#rolle\">Rolle</a> \
                    <a href=\"/r/timeline/#e1\">E</a> <a href=\"/r/tags/x/\">x</a> \
                    <a href=\"https://example.org/\">e</a></main><footer></footer>";
        assert_eq!(
            links.apply(html),
            "<nav><a href=\"/r/actors/a/\">A</a></nav><main id=\"main\">\
             <a href=\"#doc-actors-a\">A</a> <a href=\"#doc-actors-a-rolle\">Rolle</a> \
             <a href=\"#event-e1\">E</a> <a href=\"/r/tags/x/\">x</a> \
             <a href=\"https://example.org/\">e</a></main><footer></footer>"
        );
    }

    #[test]
    fn links_to_copies_on_other_parts_lead_there() {
        let mut links = LocalLinks::default();
        links.insert("/r/notes/a/", "doc-notes-a", "doc-notes-a-");
        links.insert_on(
            "/r/notes/b/",
            "/r/print/notes-2/",
            "doc-notes-b",
            "doc-notes-b-",
        );
        assert_eq!(
            links.apply_everywhere(
                "<a href=\"/r/notes/a/#x\">a</a> <a href=\"/r/notes/b/\">b</a> \
                 <a href=\"/r/notes/b/#y\">y</a>"
            ),
            "<a href=\"#doc-notes-a-x\">a</a> <a href=\"/r/print/notes-2/#doc-notes-b\">b</a> \
             <a href=\"/r/print/notes-2/#doc-notes-b-y\">y</a>"
        );
    }

    #[test]
    fn the_parts_of_a_page_share_links_and_each_keeps_its_own_copies() {
        let mut links = LocalLinks::default();
        links.insert_on(
            "/r/notes/a/",
            "/r/print/notes-1/",
            "doc-notes-a",
            "doc-notes-a-",
        );
        links.insert_on(
            "/r/notes/b/",
            "/r/print/notes-2/",
            "doc-notes-b",
            "doc-notes-b-",
        );
        let html = "<a href=\"/r/notes/a/#x\">a</a> <a href=\"/r/notes/b/\">b</a>";
        assert_eq!(
            links.on_page("/r/print/notes-1/").apply_everywhere(html),
            "<a href=\"#doc-notes-a-x\">a</a> <a href=\"/r/print/notes-2/#doc-notes-b\">b</a>"
        );
        assert_eq!(
            links.on_page("/r/print/notes-2/").apply_everywhere(html),
            "<a href=\"/r/print/notes-1/#doc-notes-a-x\">a</a> <a href=\"#doc-notes-b\">b</a>"
        );
        assert_eq!(
            links.on_page("/r/print/").apply_everywhere(html),
            "<a href=\"/r/print/notes-1/#doc-notes-a-x\">a</a> \
             <a href=\"/r/print/notes-2/#doc-notes-b\">b</a>"
        );
    }

    /// Collects what is written, as one text per path.
    #[derive(Default)]
    struct Collected(std::sync::Mutex<Vec<(String, Vec<u8>)>>);

    impl Destination for Collected {
        fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
            let mut files = self.0.lock().expect("not poisoned");
            files.push((path.to_owned(), bytes.to_vec()));
            Ok(())
        }
        fn copy(&self, _: &str, _: &std::path::Path) -> Result<(), Diagnostic> {
            Ok(())
        }
    }

    fn assembled(count: usize) -> AssembledPage<'static> {
        let mut links = LocalLinks::default();
        links.insert("/r/notes/a/", "doc-notes-a", "doc-notes-a-");
        AssembledPage {
            links,
            count,
            make: Box::new(|indexes, links| {
                Ok(indexes
                    .map(|index| {
                        let piece = format!("<a href=\"/r/notes/a/\">{}</a>", 100 + index);
                        links.apply_everywhere(&piece)
                    })
                    .collect())
            }),
        }
    }

    /// What `assembled` writes for `rendered`, and what it returns when asked for the whole.
    fn written(assembled: &AssembledPage, rendered: &str) -> String {
        let sink = Collected::default();
        let whole = assembled
            .write(rendered, "print/index.html", &sink, true)
            .expect("written")
            .expect("kept whole");
        let files = sink.0.into_inner().expect("not poisoned");
        assert_eq!(files[0].1, whole);
        String::from_utf8(whole).expect("UTF-8")
    }

    #[test]
    fn pieces_take_the_places_of_their_placeholders() {
        let rendered = format!(
            "<main><section>{}\n{}</section>ä <a href=\"/r/notes/a/\">a</a></main>",
            placeholder(0),
            placeholder(1)
        );
        assert_eq!(
            written(&assembled(2), &rendered),
            "<main><section><a href=\"#doc-notes-a\">100</a>\n<a href=\"#doc-notes-a\">101</a>\
             </section>ä <a href=\"#doc-notes-a\">a</a></main>"
        );
        // a placeholder of no piece is left as it stands
        let stray = format!("<p>{}</p>", placeholder(7));
        assert_eq!(written(&assembled(2), &stray), stray);
    }

    #[test]
    fn pieces_are_made_a_batch_at_a_time_in_any_order() {
        let count = PIECES_AT_A_TIME * 2 + 3;
        let mut rendered = String::from("<main>");
        let order = (0..count).chain([5, count - 1, 0]);
        for index in order.clone() {
            rendered.push_str(&placeholder(index));
        }
        rendered.push_str("</main>");
        let expected: String = order
            .map(|index| format!("<a href=\"#doc-notes-a\">{}</a>", 100 + index))
            .collect();
        assert_eq!(
            written(&assembled(count), &rendered),
            format!("<main>{expected}</main>")
        );
    }

    #[test]
    fn without_links_to_make_local_the_page_stays_as_rendered() {
        let plain = AssembledPage {
            links: LocalLinks::default(),
            count: 1,
            make: Box::new(|indexes, _| Ok(indexes.map(|i| format!("<li>{i}</li>")).collect())),
        };
        let rendered = format!(
            "<main><a href=\"/r/notes/a/\">a</a>{}</main>",
            placeholder(0)
        );
        assert_eq!(
            written(&plain, &rendered),
            "<main><a href=\"/r/notes/a/\">a</a><li>0</li></main>"
        );
    }
}
