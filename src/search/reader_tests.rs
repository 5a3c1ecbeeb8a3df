//! Our own tokenizer (`html`) against lol_html: what it hands the page reader for each kind of
//! markup, that it gives up on what it does not understand, and that a page it reads gives
//! the same `ParsedPage` as lol_html's reading, for varied and for generated pages.

use proptest::prelude::*;

use super::html::{self, Handler, NotUnderstood, StartTag};
use super::page::{PageReader, parse, parse_with};

/// The tokens as text: `<p a="1">` (`<br/>` when no end tag comes), `</p>`, text as it is.
#[derive(Default)]
struct Tokens(String);

impl Handler for Tokens {
    fn start_tag(&mut self, tag: &StartTag<'_>, has_end: bool) {
        self.0.push('<');
        self.0.push_str(&tag.name);
        for (name, value) in &tag.attributes {
            self.0.push_str(&format!(" {name}=\"{value}\""));
        }
        self.0.push_str(if has_end { ">" } else { "/>" });
    }

    fn end_tag(&mut self, name: &str) {
        self.0.push_str(&format!("</{name}>"));
    }

    fn text(&mut self, text: &str) {
        self.0.push_str(text);
    }
}

fn tokens(html: &str) -> Result<String, NotUnderstood> {
    let mut tokens = Tokens::default();
    html::read(html.as_bytes(), &mut tokens)?;
    Ok(tokens.0)
}

/// The tokens of `body` inside `<html>`, without the `<html>` and `</html>`.
fn tokens_in_html(body: &str) -> String {
    let all = tokens(&format!("<html>{body}</html>")).expect("understood");
    all["<html>".len()..all.len() - "</html>".len()].to_owned()
}

#[test]
fn attributes_come_lower_cased_in_source_order_with_their_raw_values() {
    assert_eq!(
        tokens_in_html("<P A=\"1\" b='2' c=3 d e = \"5\" f=\"\"g=x-y>t</P>"),
        "<p a=\"1\" b=\"2\" c=\"3\" d=\"\" e=\"5\" f=\"\" g=\"x-y\">t</p>"
    );
    // a value spanning lines, with `>`, `/` and the other quote in it
    assert_eq!(
        tokens_in_html("<a title='x > \"y\"\n/z' href=/a/b/>t</a>"),
        "<a title=\"x > \"y\"\n/z\" href=\"/a/b/\">t</a>"
    );
}

#[test]
fn duplicate_attributes_are_kept_and_the_first_is_found() {
    let tag = StartTag {
        name: "p".into(),
        attributes: vec![("id".into(), "a".into()), ("id".into(), "b".into())],
    };
    assert_eq!(tag.get_attribute("id"), Some("a"));
    assert_eq!(tag.get_attribute("ID"), Some("a"));
    assert_eq!(tag.get_attribute("i d"), None);
    assert_eq!(tag.get_attribute(""), None);
    assert_eq!(
        tokens_in_html("<p id=a ID=b>t</p>"),
        "<p id=\"a\" id=\"b\">t</p>"
    );
}

#[test]
fn entities_stay_as_written_in_values_and_text() {
    assert_eq!(
        tokens_in_html("<p title=\"a&amp;b&quot;\">x &lt; y&nbsp;&#228;</p>"),
        "<p title=\"a&amp;b&quot;\">x &lt; y&nbsp;&#228;</p>"
    );
}

#[test]
fn comments_and_the_doctype_are_skipped() {
    assert_eq!(
        tokens("<!DOCTYPE html>\n<!-- a --><html>a<!-- <p> -- x -->b<!---->c<!-- - -->d</html>\n"),
        Ok("<html>abcd</html>".to_owned())
    );
}

#[test]
fn a_lone_less_than_sign_is_text() {
    assert_eq!(tokens_in_html("<p>a < b <3 <</p>"), "<p>a < b <3 <</p>");
}

#[test]
fn script_style_and_title_are_raw_text_up_to_their_end_tag() {
    assert_eq!(
        tokens_in_html("<script>if (a<b) x = \"</p><div>\" </scripts></SCRIPT >"),
        "<script>if (a<b) x = \"</p><div>\" </scripts></script>"
    );
    assert_eq!(
        tokens_in_html("<style>p>a{content:\"<b>\"}</style>"),
        "<style>p>a{content:\"<b>\"}</style>"
    );
    assert_eq!(
        tokens_in_html("<title>a <b>&amp;</b></title>"),
        "<title>a <b>&amp;</b></title>"
    );
    assert_eq!(
        tokens_in_html("<iframe src=x.pdf></iframe>"),
        "<iframe src=\"x.pdf\"></iframe>"
    );
}

#[test]
fn void_elements_have_no_end_and_other_self_closing_html_elements_do() {
    assert_eq!(
        tokens_in_html("<p>a<br>b<br/><img src=x alt=\"\"><input></p><div/></div>"),
        "<p>a<br/>b<br/><img src=\"x\" alt=\"\"/><input/></p><div></div>"
    );
}

#[test]
fn self_closing_elements_in_svg_and_mathml_have_no_end() {
    assert_eq!(
        tokens_in_html("<svg viewBox=\"0 0 1 1\"><path d=\"M0\"/><g><rect/></g></svg>"),
        "<svg viewbox=\"0 0 1 1\"><path d=\"M0\"/><g><rect/></g></svg>"
    );
    // an SVG title is text of HTML, not raw text
    assert_eq!(
        tokens_in_html("<svg><title>T <a>b</a></title></svg>"),
        "<svg><title>T <a>b</a></title></svg>"
    );
    assert_eq!(
        tokens_in_html("<math><mi>x</mi><mo>=</mo><mspace/></math>"),
        "<math><mi>x</mi><mo>=</mo><mspace/></math>"
    );
}

#[test]
fn only_elements_and_text_inside_html_are_handed_on() {
    assert_eq!(
        tokens("\n<html>\n<body>t</body>\n</html>\n\n"),
        Ok("<html>\n<body>t</body>\n</html>".to_owned())
    );
}

#[test]
fn what_the_tokenizer_does_not_understand_is_left_to_lol_html() {
    let cases: &[(&[u8], &str)] = &[
        (b"\xff<html></html>", "invalid UTF-8"),
        (b"<html>\0</html>", "a NUL character"),
        (b"", "no <html> element"),
        (
            b"<html><p></html>",
            "an end tag not closing the innermost open element",
        ),
        (
            b"<html><p></div></p></html>",
            "an end tag not closing the innermost open element",
        ),
        (b"<html><p>", "elements left open"),
        (b"<p></p><html></html>", "a start tag outside <html>"),
        (b"<html></html><p></p>", "a start tag outside <html>"),
        (b"x<html></html>", "text outside <html>"),
        (b"<html><html></html></html>", "an <html> inside <html>"),
        (b"<html><!x></html>", "CDATA or a bogus comment"),
        (
            b"<html><svg><![CDATA[x]]></svg></html>",
            "CDATA or a bogus comment",
        ),
        (b"<?xml version=\"1.0\"?><html></html>", "<?"),
        (b"<html></ p></html>", "</ not followed by a letter"),
        (b"<html></></html>", "</ not followed by a letter"),
        (
            b"<html></p class=x></html>",
            "an end tag with more than its name",
        ),
        (b"<html><!-- a </html>", "an unclosed comment"),
        (b"<html><!--></html>", "an abruptly closed comment"),
        (b"<html><!-- a --!> b --></html>", "--! in a comment"),
        (
            b"<!doctype html PUBLIC \"x\"><html></html>",
            "a doctype with identifiers",
        ),
        (
            b"<html><p class=\"a></p></html>",
            "an unclosed attribute value",
        ),
        (
            b"<html><p class=></p></html>",
            "an attribute without a value after =",
        ),
        (
            b"<html><p a=b\"c></p></html>",
            "a quote, <, = or ` in an unquoted value",
        ),
        (
            b"<html><p a\"b=c></p></html>",
            "a quote or < in an attribute name",
        ),
        (
            b"<html><p =a></p></html>",
            "an attribute name starting with =",
        ),
        (b"<html><p / a></p></html>", "a / inside a tag"),
        (b"<html><p", "an unclosed tag"),
        (b"<html><p:x></p:x></html>", "an unusual tag name"),
        (
            b"<html><script>a<!--b</script></html>",
            "<!-- inside <script>",
        ),
        (b"<html><style>a</html>", "raw text without its end tag"),
        (b"<html><svg/></html>", "a self-closing <svg> or <math>"),
        (
            b"<html><svg><p></p></svg></html>",
            "an HTML element inside SVG or MathML",
        ),
        (
            b"<html><svg><font></font></svg></html>",
            "<font> or <annotation-xml> inside SVG or MathML",
        ),
        (
            b"<html><svg></p></svg></html>",
            "</p> or </br> inside SVG or MathML",
        ),
    ];
    for (html, reason) in cases {
        let shown = String::from_utf8_lossy(html);
        assert_eq!(
            html::read(html, &mut Tokens::default()),
            Err(NotUnderstood(reason)),
            "{shown}"
        );
        // and the page is read all the same
        assert_eq!(
            parse(html).ok(),
            parse_with(html, PageReader::LolHtml).ok(),
            "{shown}"
        );
    }
    let unread = "<textarea>, <plaintext>, <xmp>, <noembed>, <noframes> or <noscript>";
    for name in [
        "textarea",
        "plaintext",
        "xmp",
        "noembed",
        "noframes",
        "noscript",
    ] {
        let html = format!("<html><{name}>x</{name}></html>");
        assert_eq!(tokens(&html), Err(NotUnderstood(unread)), "{html}");
    }
}

/// A page our templates could make, with what the reader reads: a body element, headings with
/// ids, ignored parts, filters, meta, an image after the title, an SVG with a title, entities.
const PAGE: &str = "<!doctype html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
    <title>Tokajew &amp; Co – Dossier</title>\n<script>var a = \"<p>\";</script>\n\
    <style>main > p { color: red }</style>\n</head>\n<body>\n<header><a href=\"/\"><svg \
    viewBox=\"0 0 32 32\"><title>Logo</title><path d=\"M9 7h8\"/></svg>Site</a></header>\n\
    <nav><ul><li><a href=\"/a/\">Akteure</a></li></ul></nav>\n<main id=\"main\" \
    data-pagefind-body>\n<h1 id=\"tokajew\">Kassym-Schomart Tokajew</h1>\n<img src=\"/p.png\" \
    alt=\"Bild &amp; Text\">\n<p data-pagefind-filter=\"type:Akteur\">Präsident seit 2019, \
    <a id=\"rolle\" href=\"#r\">seine <em>Rolle</em></a> &lt;wichtig&gt;.<br>Neue Zeile</p>\n\
    <section id=\"s\" data-pagefind-meta=\"kind:Person, image[src]\" src=\"/x.png\">\n<h2 \
    id=\"quellen\" data-pagefind-weight=\"3\">Quellen</h2>\n<ul><li>Eins</li><li>Zwei</li></ul>\n\
    <div data-pagefind-ignore>nicht</div><div data-pagefind-ignore=\"all\" \
    data-pagefind-filter=\"x:y\">gar nicht</div>\n<math><mi>x</mi><mo>=</mo><mn>2</mn></math>\n\
    </section>\n<iframe src=\"/a.pdf\" title=\"PDF\"></iframe>\n</main>\n<footer>Fuß</footer>\n\
    </body>\n</html>\n";

#[test]
fn a_page_of_ours_is_read_as_lol_html_reads_it() {
    let own = parse_with(PAGE.as_bytes(), PageReader::Own).expect("understood");
    let lol_html = parse_with(PAGE.as_bytes(), PageReader::LolHtml).expect("lol_html");
    assert_eq!(own, lol_html);
    assert!(own.digest.contains("Präsident"), "{}", own.digest);
    assert_eq!(
        own.meta.get("title").map(String::as_str),
        Some("Kassym-Schomart Tokajew")
    );
    assert_eq!(own.meta.get("image").map(String::as_str), Some("/p.png"));
    assert_eq!(own.filters.get("type"), Some(&vec!["Akteur".to_owned()]));
}

#[test]
fn varied_pages_are_read_as_lol_html_reads_them() {
    let variants = [
        (
            "<main id=\"main\" data-pagefind-body>",
            "<main id=\"main\">",
        ),
        ("<h1 id=\"tokajew\">", "<H1 ID=tokajew>"),
        ("alt=\"Bild &amp; Text\"", "alt='Bild'"),
        ("<br>", "<br/>"),
        ("<title>Logo</title>", "<desc>Logo</desc>"),
        ("\n", "\r\n"),
        ("<li>Eins</li>", "<li>Eins<!-- x --></li>"),
        ("data-pagefind-ignore>", "data-pagefind-ignore=\"index\">"),
    ];
    for (from, to) in variants {
        let page = PAGE.replace(from, to);
        let own = parse_with(page.as_bytes(), PageReader::Own).expect("understood");
        let lol_html = parse_with(page.as_bytes(), PageReader::LolHtml).expect("lol_html");
        assert_eq!(own, lol_html, "{to}");
    }
}

/// Elements (start and end tag) and leaves of well-formed pages.
const ELEMENTS: &[(&str, &str)] = &[
    ("<p>", "</p>"),
    ("<div data-pagefind-body>", "</div>"),
    ("<h1 id=t>", "</h1>"),
    ("<h2 data-pagefind-weight=2>", "</h2>"),
    ("<span id='a b' data-pagefind-meta=\"m:1\">", "</span>"),
    ("<p data-pagefind-filter=\"k:v, w\">", "</p>"),
    ("<section data-pagefind-ignore>", "</section>"),
    ("<nav>", "</nav>"),
    ("<A ID=X Href=/x>", "</a>"),
    ("<li>", "</LI>"),
];
const LEAVES: &[&str] = &[
    "Wort ",
    "&amp; &lt; Ende.",
    "\n  ",
    "\r\n",
    "<img src=x.png alt=\"&amp;\">",
    "<br/>",
    "<title>T</title>",
    "<script>if (a<b) {}</script>",
    "<style>p>a{}</style>",
    "<svg viewBox=\"0 0 1 1\"><title>Icon</title><path d=\"M0\"/></svg>",
    "<math><mi>x</mi><mo>+</mo><mspace/></math>",
    "<!-- c -->",
];

/// Markup that is odd, wrong, or only sometimes right, for pages that may not be well formed.
const ODD_PIECES: &[&str] = &[
    "<",
    "</",
    "=",
    "\"",
    "'",
    ">",
    "/>",
    "&",
    "a<b",
    "<!--",
    "-->",
    "<!-- a -- b -->",
    "<!---->",
    "<!-- <!-- -->",
    "<p",
    "</p>",
    "<p/>",
    "</ p>",
    "<br/ >",
    "<img/>",
    "<input x=y/>",
    "<noscript>",
    "<![CDATA[x]]>",
    "<svg><p></svg>",
    "<svg><g/><title><p>t</p></title></svg>",
    "<svg><foreignObject><b>x</b></foreignObject></svg>",
    "<math><mi><b>x</b></mi></math>",
    "<script><!-- x --></script>",
    "<script>a</script b>",
    "<title></title >",
    "<style></style/>",
    "<div data-pagefind-body/>",
    "<iframe><p></iframe>",
    "<h1 id=\"a\"id=b>",
];

/// A page made of `steps`: elements opened and closed (the innermost), leaves put in and,
/// with `odd`, odd pieces; the elements left open are closed at the end.
fn page_of(steps: &[(usize, usize)], odd: bool) -> String {
    let mut page = String::from("<html><body>");
    let mut ends = Vec::new();
    for &(step, index) in steps {
        match step {
            0 => {
                let (start, end) = ELEMENTS[index % ELEMENTS.len()];
                page.push_str(start);
                ends.push(end);
            }
            1 => page.push_str(ends.pop().unwrap_or_default()),
            2 if odd => page.push_str(ODD_PIECES[index % ODD_PIECES.len()]),
            _ => page.push_str(LEAVES[index % LEAVES.len()]),
        }
    }
    while let Some(end) = ends.pop() {
        page.push_str(end);
    }
    page.push_str("</body></html>");
    page
}

fn steps() -> impl Strategy<Value = Vec<(usize, usize)>> {
    proptest::collection::vec((0..5_usize, 0..1000_usize), 0..32)
}

proptest! {
    #[test]
    fn what_our_tokenizer_reads_it_reads_as_lol_html_does(steps in steps()) {
        let page = page_of(&steps, true);
        let lol_html = parse_with(page.as_bytes(), PageReader::LolHtml);
        if let Ok(own) = parse_with(page.as_bytes(), PageReader::Own) {
            prop_assert_eq!(Ok(own), lol_html, "{}", page);
        }
        prop_assert_eq!(parse(page.as_bytes()), parse_with(page.as_bytes(), PageReader::LolHtml));
    }

    #[test]
    fn well_formed_pages_are_read_by_our_tokenizer_as_lol_html_reads_them(steps in steps()) {
        let page = page_of(&steps, false);
        let own = parse_with(page.as_bytes(), PageReader::Own);
        prop_assert!(own.is_ok(), "{}: {:?}", page, own);
        prop_assert_eq!(own, parse_with(page.as_bytes(), PageReader::LolHtml), "{}", page);
    }
}
