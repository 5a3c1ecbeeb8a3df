//! Finds the URLs and the fragment targets (`id`s) in the files of a built site: HTML, the
//! sitemap, the Atom feed, robots.txt and the JSON exports. A small tag scanner, not a full
//! HTML parser: it knows comments, quoted and unquoted attributes, entities and raw-text
//! elements, which is all a link checker needs.

use std::collections::BTreeSet;

/// One URL as written in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub url: String,
    /// Where it was written, for the report: `<a href>`, `<loc>`, `data/actors.json .actors[3].url`.
    pub place: String,
    pub rule: Rule,
}

/// What a URL must be, beyond leading to something that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Any URL a browser resolves against the document's address.
    Link,
    /// Sitemaps, feeds, canonical and Open Graph addresses are read outside the site: absolute.
    Absolute,
    /// The page's own address (`<link rel="canonical">`, `og:url`): absolute, and this page.
    SelfAddress,
    /// HTML inside a data export is shown by whatever page embeds it: no path-relative URLs.
    Embedded,
}

/// What an HTML document holds.
#[derive(Debug, Default)]
pub struct HtmlScan {
    pub links: Vec<Found>,
    /// `id` attributes, and `name` of `<a>`: what a `#fragment` may point at.
    pub ids: BTreeSet<String>,
    /// `<base href>`, if the document sets one.
    pub base: Option<String>,
}

/// A start tag with its attributes (names in lower case, values with entities decoded), and
/// for `<script>` and `<style>` the raw text up to the end tag.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
    raw_text: Option<String>,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub fn scan_html(html: &str) -> HtmlScan {
    let mut scan = HtmlScan::default();
    for tag in tags(html) {
        if let Some(id) = tag.get("id") {
            scan.ids.insert(id.to_owned());
        }
        if tag.name == "a"
            && let Some(name) = tag.get("name")
        {
            scan.ids.insert(name.to_owned());
        }
        if tag.name == "base" {
            scan.base = tag.get("href").map(str::to_owned);
            continue;
        }
        if tag.name == "script" && tag.get("type") == Some("application/ld+json") {
            let text = tag.raw_text.as_deref().unwrap_or_default();
            scan.links
                .extend(scan_json(text, "<script type=\"application/ld+json\">"));
        }
        scan.links.extend(urls_of(&tag));
    }
    scan
}

/// The URLs in one tag's attributes.
fn urls_of(tag: &Tag) -> Vec<Found> {
    let mut found = Vec::new();
    let mut push = |attribute: &str, url: &str, rule: Rule| {
        found.push(Found {
            url: url.trim().to_owned(),
            place: format!("<{} {attribute}>", tag.name),
            rule,
        });
    };
    let rel = tag.get("rel").unwrap_or_default().to_ascii_lowercase();
    for (attribute, value) in &tag.attributes {
        match attribute.as_str() {
            "href" if rel.split_whitespace().any(|r| r == "canonical") => {
                push("rel=canonical href", value, Rule::SelfAddress);
            }
            "href" | "xlink:href" | "src" | "poster" | "action" | "formaction" | "cite" => {
                push(attribute, value, Rule::Link);
            }
            "data" if tag.name == "object" => push(attribute, value, Rule::Link),
            "srcset" | "imagesrcset" => {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        push(attribute, url, Rule::Link);
                    }
                }
            }
            _ => {}
        }
    }
    if tag.name == "meta" {
        let property = tag.get("property").or_else(|| tag.get("name"));
        let content = tag.get("content").unwrap_or_default();
        match property {
            Some("og:url") => push("property=og:url", content, Rule::SelfAddress),
            Some(
                "og:image"
                | "og:image:url"
                | "og:image:secure_url"
                | "og:audio"
                | "og:video"
                | "twitter:image",
            ) => push("content", content, Rule::Absolute),
            _ => {}
        }
        if tag
            .get("http-equiv")
            .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
            && let Some((_, url)) = content.split_once("url=")
        {
            push(
                "http-equiv=refresh",
                url.trim_matches(['\'', '"']),
                Rule::Link,
            );
        }
    }
    found
}

/// `<loc>` of a sitemap and the `href` of `<link>`s in a feed; both must be absolute.
pub fn scan_xml(xml: &str) -> Vec<Found> {
    let mut found: Vec<Found> = element_texts(xml, "loc")
        .into_iter()
        .map(|url| Found {
            url: url.trim().to_owned(),
            place: "<loc>".into(),
            rule: Rule::Absolute,
        })
        .collect();
    for tag in tags(xml) {
        if tag.name == "link"
            && let Some(href) = tag.get("href")
        {
            found.push(Found {
                url: href.trim().to_owned(),
                place: "<link href>".into(),
                rule: Rule::Absolute,
            });
        }
    }
    // Entries may carry HTML (`type="html"`); its links resolve against the feed's address.
    for element in ["content", "summary"] {
        for html in element_texts(xml, element) {
            for mut link in scan_html(&html).links {
                link.place = format!("<{element}> {}", link.place);
                found.push(link);
            }
        }
    }
    found
}

/// `Sitemap:` lines of robots.txt.
pub fn scan_robots(text: &str) -> Vec<Found> {
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case("sitemap").then(|| Found {
                url: value.trim().to_owned(),
                place: "Sitemap:".into(),
                rule: Rule::Absolute,
            })
        })
        .collect()
}

/// URLs in a JSON document: strings under a key named like a URL or starting with a scheme
/// must be absolute; strings holding HTML are scanned for their links.
pub fn scan_json(text: &str, place: &str) -> Vec<Found> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return vec![Found {
            url: String::new(),
            place: format!("{place} (not valid JSON)"),
            rule: Rule::Absolute,
        }];
    };
    let mut found = Vec::new();
    walk_json(&value, "", &mut found);
    for f in &mut found {
        f.place = format!("{place} {}", f.place);
    }
    found
}

fn walk_json(value: &serde_json::Value, path: &str, found: &mut Vec<Found>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = format!("{path}.{key}");
                if let serde_json::Value::String(s) = value
                    && (key == "url" || key.ends_with("_url"))
                    && !s.is_empty()
                {
                    found.push(Found {
                        url: s.clone(),
                        place: path.clone(),
                        rule: Rule::Absolute,
                    });
                    continue;
                }
                walk_json(value, &path, found);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk_json(item, &format!("{path}[{index}]"), found);
            }
        }
        serde_json::Value::String(s) if s.starts_with("https://") || s.starts_with("http://") => {
            found.push(Found {
                url: s.clone(),
                place: path.to_owned(),
                rule: Rule::Absolute,
            });
        }
        serde_json::Value::String(s) if s.contains('<') => {
            for link in scan_html(s).links {
                found.push(Found {
                    place: format!("{path} {}", link.place),
                    rule: Rule::Embedded,
                    ..link
                });
            }
        }
        _ => {}
    }
}

/// The start tags of a document, in order. Comments, declarations and end tags are skipped.
fn tags(text: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            rest = after.find("]]>").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = &rest[1..]; // a `<` in text, as in `a <5`
            continue;
        }
        let name_length = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - 1);
        let name = rest[1..=name_length].to_ascii_lowercase();
        let (attributes, after) = attributes(&rest[1 + name_length..]);
        rest = after;
        let mut raw_text = None;
        if name == "script" || name == "style" {
            let end = find_ignoring_case(rest, &format!("</{name}")).unwrap_or(rest.len());
            raw_text = Some(rest[..end].to_owned());
            rest = &rest[end..];
        }
        tags.push(Tag {
            name,
            attributes,
            raw_text,
        });
    }
    tags
}

/// The attributes after a tag's name, and the text after the tag's `>`.
fn attributes(mut rest: &str) -> (Vec<(String, String)>, &str) {
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return (attributes, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (attributes, after);
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or_default())
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode_entities(raw);
            rest = remaining;
        }
        attributes.push((name, value));
    }
}

/// The decoded text inside each `<name …>…</name>` of an XML document.
fn element_texts(xml: &str, name: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        rest = &rest[start + open.len()..];
        if !rest.starts_with(['>', ' ', '\t', '\n', '\r']) {
            continue; // `<location>` when looking for `<loc>`
        }
        let Some(tag_end) = rest.find('>') else { break };
        if rest[..tag_end].ends_with('/') {
            continue; // an empty element
        }
        let Some(end) = rest.find(&close) else { break };
        texts.push(decode_entities(&rest[tag_end + 1..end]));
        rest = &rest[end + close.len()..];
    }
    texts
}

/// Decodes the character references a generator writes: named XML ones and numeric ones.
pub fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let reference = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| &rest[1..=end]);
        let character = reference.and_then(|r| match r {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let number = r.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (character, reference) {
            (Some(c), Some(r)) => {
                decoded.push(c);
                rest = &rest[r.len() + 2..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[test]
fn scanner_reads_quoted_unquoted_and_encoded_attributes() {
    let scan = scan_html(
        "<!-- <a href=\"/commented/\"> -->a <5 b<a class=x href='/a/?q=1&amp;r=2' id=top>\
         <IMG SRC=/b.png srcset=\"/c.png 1x, /d.png 2x\"><script>let s = '<a href=\"/js/\">';</script>\
         <link rel=\"canonical stylesheet\" href=\"https://x.org/\"><p id=\"&#x41;b\">",
    );
    let urls: Vec<(&str, Rule)> = scan
        .links
        .iter()
        .map(|f| (f.url.as_str(), f.rule))
        .collect();
    assert_eq!(
        urls,
        [
            ("/a/?q=1&r=2", Rule::Link),
            ("/b.png", Rule::Link),
            ("/c.png", Rule::Link),
            ("/d.png", Rule::Link),
            ("https://x.org/", Rule::SelfAddress),
        ]
    );
    assert_eq!(scan.ids, BTreeSet::from(["top".into(), "Ab".into()]));
}
