//! Draws a laid-out graph as inline SVG for an HTML page: a titled, described group of links
//! (one per node, circle and label) over the relations (one link per relation, classed by its
//! family), styled only through classes and `currentColor` so the site's CSS decides line
//! styles and colours in light and dark mode and in print.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Edge, Graph, Layout, short_label};
use crate::render::html::escape;
use crate::slug::slugify;

/// What the drawing says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SvgOptions {
    /// Starts every id inside the SVG (`<prefix>-title`, `<prefix>-desc`, the arrow markers);
    /// must be unique on the page. Characters other than ASCII letters, digits, `-` and `_`
    /// become `-`.
    pub id_prefix: String,
    /// The accessible name (`<title>`): "Akteursnetz", "Beziehungen von Tokajew". Empty: none.
    pub title: String,
    /// A longer description (`<desc>`). Empty: none.
    pub description: String,
}

/// The SVG of `graph` laid out as `layout`; `None` for a graph without nodes (or a layout
/// made for another graph).
///
/// The root is a `role="group"` rather than `role="img"`: an image's children are
/// presentational, which would hide the node links from assistive technology.
pub fn svg(graph: &Graph, layout: &Layout, options: &SvgOptions) -> Option<String> {
    if graph.nodes.is_empty() || graph.nodes.len() != layout.positions.len() {
        return None;
    }
    let prefix = id_prefix(&options.id_prefix);
    let mut out = String::with_capacity(512 + graph.nodes.len() * 200 + graph.edges.len() * 160);
    // a drawing the layout had to make much larger than asked, to keep its labels apart, is
    // shown at its own size (the frame around it scrolls), not shrunk until they are unreadable
    let large = layout.width > 1.25 * layout.options.width;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"actor-graph{}\" viewBox=\"0 0 {} {}\"",
        if large { " large" } else { "" },
        number(layout.width),
        number(layout.height)
    );
    if large {
        let _ = write!(
            out,
            " width=\"{}\" height=\"{}\"",
            number(layout.width),
            number(layout.height)
        );
    }
    out.push_str(" role=\"group\"");
    if !options.title.is_empty() {
        let _ = write!(out, " aria-labelledby=\"{prefix}-title\"");
    }
    if !options.description.is_empty() {
        let _ = write!(out, " aria-describedby=\"{prefix}-desc\"");
    }
    let _ = write!(
        out,
        " font-size=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">",
        number(layout.options.font_size)
    );
    if !options.title.is_empty() {
        let _ = write!(
            out,
            "<title id=\"{prefix}-title\">{}</title>",
            escape(&options.title)
        );
    }
    if !options.description.is_empty() {
        let _ = write!(
            out,
            "<desc id=\"{prefix}-desc\">{}</desc>",
            escape(&options.description)
        );
    }
    draw_edges(graph, layout, &prefix, &mut out);
    draw_nodes(graph, layout, &mut out);
    out.push_str("</svg>");
    Some(out)
}

/// One link per relation, to its row in the list of relations: a line in its family's style
/// with an arrowhead at the actor it points to, the type (and years) in its `<title>`, a wider
/// invisible line that takes the pointer, and the years in data attributes for the year filter.
/// Relations between the same pair of actors are drawn side by side.
fn draw_edges(graph: &Graph, layout: &Layout, prefix: &str, out: &mut String) {
    let mut pairs: BTreeMap<(usize, usize), Vec<&Edge>> = BTreeMap::new();
    let n = graph.nodes.len();
    for edge in &graph.edges {
        if edge.from < n && edge.to < n && edge.from != edge.to {
            let key = (edge.from.min(edge.to), edge.from.max(edge.to));
            pairs.entry(key).or_default().push(edge);
        }
    }
    if pairs.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<defs><marker id=\"{prefix}-arrow\" class=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" \
         refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" \
         orient=\"auto\"><path d=\"M0 1L10 5L0 9z\"/></marker></defs>\
         <g class=\"edges\" stroke=\"currentColor\">"
    );
    let radius = layout.options.node_radius;
    for ((a, b), edges) in &pairs {
        let ((ax, ay), (bx, by)) = (layout.positions[*a], layout.positions[*b]);
        let length = (bx - ax).hypot(by - ay);
        if length <= 2.0 * radius + 2.0 {
            continue;
        }
        // side by side across the pair's direction, together no wider than a node
        let (nx, ny) = ((ay - by) / length, (bx - ax) / length);
        let spacing = if edges.len() > 1 {
            (2.0 * radius / (edges.len() - 1) as f64).min(3.5)
        } else {
            0.0
        };
        for (k, edge) in edges.iter().enumerate() {
            let offset = (k as f64 - (edges.len() - 1) as f64 / 2.0) * spacing;
            let ((sx, sy), (ex, ey)) = (layout.positions[edge.from], layout.positions[edge.to]);
            let (dx, dy) = ((ex - sx) / length, (ey - sy) / length);
            let line = format!(
                "x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
                number(sx + dx * radius + nx * offset),
                number(sy + dy * radius + ny * offset),
                number(ex - dx * (radius + 2.0) + nx * offset),
                number(ey - dy * (radius + 2.0) + ny * offset)
            );
            draw_edge(graph, edge, &line, prefix, out);
        }
    }
    out.push_str("</g>");
}

/// One relation: see [`draw_edges`]. `line` holds the coordinates.
fn draw_edge(graph: &Graph, edge: &Edge, line: &str, prefix: &str, out: &mut String) {
    let (from, to) = (&graph.nodes[edge.from], &graph.nodes[edge.to]);
    let family = edge.family.slug();
    let _ = write!(
        out,
        "<a class=\"rel fam-{family}\" href=\"{}\" data-nodes=\"{} {}\"",
        escape(&edge.url),
        escape(&from.id),
        escape(&to.id)
    );
    if let Some(year) = edge.since {
        let _ = write!(out, " data-since=\"{year}\"");
    }
    if let Some(year) = edge.until {
        let _ = write!(out, " data-until=\"{year}\"");
    }
    let mut title = if edge.label.trim().is_empty() {
        format!("{} — {}", from.label.trim(), to.label.trim())
    } else {
        format!(
            "{} — {} — {}",
            from.label.trim(),
            edge.label.trim(),
            to.label.trim()
        )
    };
    match (edge.since, edge.until) {
        (None, None) => {}
        (Some(since), Some(until)) if since == until => {
            let _ = write!(title, " ({since})");
        }
        (since, until) => {
            let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
            let _ = write!(title, " ({}–{})", year(since), year(until));
        }
    }
    let _ = write!(
        out,
        "><title>{}</title><line class=\"hit\" {line}/>\
         <line class=\"line\" {line} marker-end=\"url(#{prefix}-arrow)\"/>",
        escape(&title)
    );
    if edge.family.is_double() {
        let _ = write!(out, "<line class=\"gap\" {line}/>");
    }
    out.push_str("</a>");
}

/// Each node a link holding its full name as `<title>`, a circle, and the (shortened) label.
/// `paint-order` is an attribute, not CSS, because the HTML checker's CSS parser rejects it:
/// a stroke the colour of the page then makes a halo that keeps labels readable over lines.
fn draw_nodes(graph: &Graph, layout: &Layout, out: &mut String) {
    out.push_str("<g class=\"nodes\">");
    for (index, (node, &(x, y))) in graph.nodes.iter().zip(&layout.positions).enumerate() {
        let kind = slugify(&node.kind);
        let kind = if kind.is_empty() { "other" } else { &kind };
        let centre = graph.centre == Some(index);
        let _ = write!(
            out,
            "<a class=\"node kind-{}{}\" href=\"{}\" data-id=\"{}\"{}><title>{}</title>\
             <circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" paint-order=\"stroke\">{}</text></a>",
            escape(kind),
            if centre { " centre" } else { "" },
            escape(&node.url),
            escape(&node.id),
            if centre { " aria-current=\"page\"" } else { "" },
            escape(node.label.trim()),
            number(x),
            number(y),
            number(layout.options.node_radius),
            number(x),
            number(layout.label_baseline(y)),
            escape(&short_label(&node.label, layout.options.max_label_chars))
        );
    }
    out.push_str("</g>");
}

/// The id prefix with anything an id or a `url(#…)` reference could trip over replaced.
fn id_prefix(prefix: &str) -> String {
    let cleaned: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "graph".to_owned()
    } else {
        cleaned
    }
}

/// A coordinate with at most one decimal, without a trailing `.0` or a negative zero.
fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 || !rounded.is_finite() {
        "0".to_owned()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::graph::tests::{assert_balanced, graph, sample};
    use crate::render::graph::{LayoutOptions, layout, neighbourhood};

    fn draw(graph: &Graph, prefix: &str) -> Option<String> {
        let options = SvgOptions {
            id_prefix: prefix.to_owned(),
            title: "Akteursnetz".to_owned(),
            description: "Wer mit wem".to_owned(),
        };
        svg(graph, &layout(graph, &LayoutOptions::default()), &options)
    }

    /// The values of every `id` attribute.
    fn ids(svg: &str) -> Vec<&str> {
        svg.split(" id=\"")
            .skip(1)
            .filter_map(|part| part.split('"').next())
            .collect()
    }

    #[test]
    fn an_empty_graph_draws_nothing() {
        assert_eq!(draw(&Graph::default(), "g"), None);
        let l = layout(&sample(), &LayoutOptions::default());
        assert_eq!(
            svg(&graph(&[("a", "x")], &[]), &l, &SvgOptions::default()),
            None
        );
    }

    #[test]
    fn the_svg_is_a_labelled_group_of_links() {
        let out = draw(&sample(), "net").expect("drawn");
        assert_balanced(&out);
        assert!(out.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"actor-graph\" viewBox=\"0 0 "
        ));
        assert!(out.contains(
            " role=\"group\" aria-labelledby=\"net-title\" aria-describedby=\"net-desc\""
        ));
        assert!(out.contains(
            "<title id=\"net-title\">Akteursnetz</title><desc id=\"net-desc\">Wer mit wem</desc>"
        ));
        assert_eq!(out.matches("<a class=\"node ").count(), 8);
        assert_eq!(out.matches("<circle ").count(), 8);
        assert!(out.contains(
            "<a class=\"node kind-person\" href=\"/actors/a/\" data-id=\"a\"><title>A</title><circle "
        ));
        assert!(out.contains("class=\"node kind-organization\""));
        assert!(!out.contains("aria-current"));
        assert!(!out.contains("NaN") && !out.contains("inf"));
        let ids = ids(&out);
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "{ids:?}");
        assert!(ids.iter().all(|id| id.starts_with("net-")));
    }

    #[test]
    fn each_relation_is_a_link_to_its_row_drawn_in_its_familys_style() {
        let mut g = graph(
            &[("a", "person"), ("b", "state"), ("c", "person")],
            &[
                (0, 1, "Präsident"),
                (1, 0, "Vertrag"),
                (2, 1, ""),
                (1, 1, "selbst"),
            ],
        );
        g.edges[0].since = Some(2019);
        g.edges[0].url = "/repo/graph/#relation-a-1".into();
        g.edges[1].until = Some(2022);
        g.edges[2].since = Some(2023);
        g.edges[2].until = Some(2023);
        let out = draw(&g, "p").expect("drawn");
        assert_balanced(&out);
        assert_eq!(out.matches("<a class=\"rel ").count(), 3);
        assert_eq!(out.matches("<line class=\"line\" ").count(), 3);
        assert_eq!(out.matches("marker-end=\"url(#p-arrow)\"").count(), 3);
        assert!(!out.contains("selbst"));
        assert!(out.contains(
            "<a class=\"rel fam-office\" href=\"/repo/graph/#relation-a-1\" data-nodes=\"a b\" \
             data-since=\"2019\"><title>A — Präsident — B (2019–)</title><line class=\"hit\" "
        ));
        assert!(out.contains(
            "<a class=\"rel fam-alliance\" href=\"/graph/#relation\" data-nodes=\"b a\" \
             data-until=\"2022\"><title>B — Vertrag — A (–2022)</title>"
        ));
        assert!(out.contains(
            "<a class=\"rel fam-other\" href=\"/graph/#relation\" data-nodes=\"c b\" \
             data-since=\"2023\" data-until=\"2023\"><title>C — B (2023)</title>"
        ));
        // an alliance is a double line: a gap drawn over it
        let alliance = out
            .split("<a class=\"rel ")
            .nth(2)
            .expect("second relation");
        assert!(alliance.contains("<line class=\"gap\" "));
        assert_eq!(out.matches("<line class=\"gap\" ").count(), 1);
        // the two relations of a and b lie side by side, not on top of each other
        let coordinates = |relation: &str| -> Vec<f64> {
            let line = relation
                .split("<line class=\"line\" ")
                .nth(1)
                .expect("line");
            ["x1", "y1", "x2", "y2"]
                .iter()
                .map(|name| {
                    let value = line
                        .split(&format!("{name}=\""))
                        .nth(1)
                        .expect("coordinate");
                    value
                        .split('"')
                        .next()
                        .expect("value")
                        .parse()
                        .expect("number")
                })
                .collect()
        };
        let relations: Vec<&str> = out.split("<a class=\"rel ").skip(1).collect();
        let (first, second) = (coordinates(relations[0]), coordinates(relations[1]));
        assert_ne!(first, second);
        // drawn in opposite directions: each ends at the actor it points to
        let mid = |c: &[f64]| ((c[0] + c[2]) / 2.0, (c[1] + c[3]) / 2.0);
        let ((x1, y1), (x2, y2)) = (mid(&first), mid(&second));
        assert!((x1 - x2).hypot(y1 - y2) > 2.0, "{first:?} {second:?}");
    }

    #[test]
    fn a_drawing_grown_past_its_width_keeps_its_own_size() {
        let small = draw(&sample(), "s").expect("drawn");
        assert!(!small.contains("large") && !small.contains(" width=\""));
        let nodes: Vec<(String, &str)> = (0..60).map(|i| (format!("n{i}"), "person")).collect();
        let nodes: Vec<(&str, &str)> = nodes
            .iter()
            .map(|(id, kind)| (id.as_str(), *kind))
            .collect();
        let edges: Vec<(usize, usize, &str)> = (1..60).map(|i| (0, i, "Mitglied")).collect();
        let mut big = graph(&nodes, &edges);
        for node in &mut big.nodes {
            node.label = format!("Ein recht langer Name {}", node.id);
        }
        let l = layout(&big, &LayoutOptions::default());
        let out = svg(&big, &l, &SvgOptions::default()).expect("drawn");
        assert!(l.width > 1.25 * l.options.width, "{}", l.width);
        assert!(
            out.starts_with(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"actor-graph large\""
            )
        );
        assert!(out.contains(&format!(
            " width=\"{}\" height=\"{}\" role=\"group\"",
            number(l.width),
            number(l.height)
        )));
    }

    #[test]
    fn the_centre_is_marked() {
        let sub = neighbourhood(&sample(), 2, 1);
        let out = draw(&sub, "n").expect("drawn");
        assert_balanced(&out);
        assert_eq!(out.matches("aria-current=\"page\"").count(), 1);
        assert!(out.contains(
            "<a class=\"node kind-organization centre\" href=\"/actors/c/\" data-id=\"c\" aria-current=\"page\"><title>C</title>"
        ));
    }

    #[test]
    fn labels_urls_kinds_and_ids_are_escaped() {
        let mut g = graph(&[("a", "person"), ("b", "state")], &[(0, 1, "<b>&\"'")]);
        g.nodes[0].label = "<script>alert(\"x\")</script> & 'Söhne'".into();
        g.nodes[0].url = "/actors/a/?q=\"><script>&x='1'".into();
        g.nodes[1].kind = "evil\" onclick=\"x".into();
        let out = draw(&g, "a\" onload=\"x").expect("drawn");
        assert_balanced(&out);
        assert!(!out.contains("<script"));
        assert!(!out.contains("onload=\"") && !out.contains("onclick=\""));
        assert!(out.contains(
            "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Söhne&#39;</title>"
        ));
        assert!(out.contains("href=\"/actors/a/?q=&quot;&gt;&lt;script&gt;&amp;x=&#39;1&#39;\""));
        assert!(out.contains("— &lt;b&gt;&amp;&quot;&#39; —"));
        assert!(out.contains("class=\"node kind-evil-onclick-x\""));
        assert!(out.contains("id=\"a--onload--x-title\""));
    }

    #[test]
    fn a_long_label_is_cut_but_kept_whole_in_the_title() {
        let mut g = graph(&[("spief", "organization")], &[]);
        g.nodes[0].label = "Internationales Wirtschaftsforum St. Petersburg".into();
        let out = draw(&g, "s").expect("drawn");
        assert!(out.contains("<title>Internationales Wirtschaftsforum St. Petersburg</title>"));
        assert!(out.contains(">Internationales Wirtsch…</text>"));
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.34), "12.3");
        assert_eq!(number(-0.01), "0");
        assert_eq!(number(f64::NAN), "0");
    }
}
