//! Where the nodes go: a force-directed layout of each connected component (Fruchterman–
//! Reingold, with hubs repelling more as in ForceAtlas2), the components packed in rows, the whole scaled into the viewBox, and nodes
//! nudged apart until no label box overlaps another. Deterministic: no randomness, a fixed
//! iteration count, ties broken by index.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use super::Graph;
use super::forces::force_directed;

/// Average glyph advance of a proportional sans-serif font, in em; generous, so labels fit.
const CHAR_WIDTH_EM: f64 = 0.6;
/// Gap between packed components, in ideal edge lengths.
const COMPONENT_GAP: f64 = 1.0;
/// Longest an ideal edge may be drawn, in font sizes: small graphs are not blown up.
const MAX_EDGE_EM: f64 = 12.0;
/// How much more room than the node boxes' total area the drawing gets at least.
const CROWDING: f64 = 1.5;
/// Rounds of pushing overlapping labels apart before giving up.
const SEPARATION_ROUNDS: usize = 500;

/// What the layout is made for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutOptions {
    /// The drawing's width in SVG user units (about CSS pixels when shown at that width).
    /// The viewBox is at least this wide, wider only if the labels need the room.
    pub width: f64,
    /// The height the layout is fitted into; the viewBox takes the drawing's real height.
    pub height: f64,
    /// Free space around the drawing.
    pub margin: f64,
    pub node_radius: f64,
    pub font_size: f64,
    /// Labels longer than this many characters are cut with `…` (the full name stays in
    /// the node's `<title>`).
    pub max_label_chars: usize,
    /// Force-directed iterations per component.
    pub iterations: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width: 720.0,
            height: 480.0,
            margin: 8.0,
            node_radius: 7.0,
            font_size: 13.0,
            max_label_chars: 24,
            iterations: 300,
        }
    }
}

impl LayoutOptions {
    /// The options with every number finite and in a usable range.
    fn sanitized(&self) -> Self {
        let clamp = |value: f64, low: f64, high: f64, default: f64| {
            if value.is_finite() {
                value.clamp(low, high)
            } else {
                default
            }
        };
        let default = LayoutOptions::default();
        LayoutOptions {
            width: clamp(self.width, 16.0, 100_000.0, default.width),
            height: clamp(self.height, 16.0, 100_000.0, default.height),
            margin: clamp(self.margin, 0.0, 1_000.0, default.margin),
            node_radius: clamp(self.node_radius, 1.0, 100.0, default.node_radius),
            font_size: clamp(self.font_size, 1.0, 100.0, default.font_size),
            max_label_chars: self.max_label_chars.max(2),
            iterations: self.iterations.min(10_000),
        }
    }
}

/// Where every node of a graph is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Node centres in viewBox units, one per node, rounded to 0.1.
    pub positions: Vec<(f64, f64)>,
    /// The viewBox is `0 0 width height`; every circle and label lies inside it.
    pub width: f64,
    pub height: f64,
    /// The options the layout was made with (sanitised); the drawing uses the same radius,
    /// font size and label length.
    pub options: LayoutOptions,
}

impl Layout {
    /// The baseline of a node's label, below its circle.
    pub fn label_baseline(&self, y: f64) -> f64 {
        y + self.options.node_radius + self.options.font_size
    }
}

/// A label cut to `max_chars` characters, the last one an ellipsis, if it is longer.
pub fn short_label(label: &str, max_chars: usize) -> String {
    let label = label.trim();
    if label.chars().count() <= max_chars {
        return label.to_owned();
    }
    let kept: String = label.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// The space a node takes: its circle and the label under it.
struct NodeBoxes {
    /// Per node, half the width of circle or label, whichever is wider.
    half_widths: Vec<f64>,
    /// Above and below the centre (the label hangs below).
    top: f64,
    bottom: f64,
    /// Free space kept between two boxes.
    padding: f64,
}

impl NodeBoxes {
    fn new(graph: &Graph, options: &LayoutOptions) -> Self {
        let (radius, font) = (options.node_radius, options.font_size);
        let half_widths = graph
            .nodes
            .iter()
            .map(|node| {
                let chars = short_label(&node.label, options.max_label_chars)
                    .chars()
                    .count();
                (chars as f64 * font * CHAR_WIDTH_EM / 2.0).max(radius)
            })
            .collect();
        NodeBoxes {
            half_widths,
            top: radius,
            bottom: radius + font * 1.3,
            padding: font * 0.4,
        }
    }

    fn widest(&self) -> f64 {
        self.half_widths.iter().copied().fold(0.0, f64::max)
    }

    /// The vertical distance two centres need so their boxes do not overlap.
    fn vertical_gap(&self) -> f64 {
        self.top + self.bottom + self.padding
    }
}

/// Lays out `graph` for drawing. Same graph and options, same layout, to the bit.
pub fn layout(graph: &Graph, options: &LayoutOptions) -> Layout {
    let options = options.sanitized();
    let n = graph.nodes.len();
    if n == 0 {
        return Layout {
            positions: Vec::new(),
            width: options.width,
            height: 2.0 * options.margin,
            options,
        };
    }
    let pairs: BTreeSet<(usize, usize)> = graph
        .edge_pairs()
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    let mut unit = vec![(0.0, 0.0); n];
    let placed: Vec<Component> = components(n, &pairs)
        .into_iter()
        .map(|members| Component {
            positions: force_directed(graph, &members, &pairs, options.iterations),
            members,
        })
        .collect();
    pack(&placed, options.width / options.height, &mut unit);

    let boxes = NodeBoxes::new(graph, &options);
    let scale = fit_scale(&unit, &boxes, &options);
    let mut xs: Vec<f64> = unit.iter().map(|p| p.0 * scale).collect();
    let mut ys: Vec<f64> = unit.iter().map(|p| p.1 * scale).collect();
    separate(&mut xs, &mut ys, &boxes);
    frame(&xs, &ys, &boxes, options)
}

/// The connected components, largest first, ties by their first node; members ascending.
fn components(n: usize, pairs: &BTreeSet<(usize, usize)>) -> Vec<Vec<usize>> {
    fn root(parent: &mut [usize], mut node: usize) -> usize {
        while parent[node] != node {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        node
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for &(a, b) in pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut by_root: Vec<Vec<usize>> = vec![Vec::new(); n];
    for node in 0..n {
        let r = root(&mut parent, node);
        by_root[r].push(node);
    }
    let mut components: Vec<Vec<usize>> = by_root.into_iter().filter(|c| !c.is_empty()).collect();
    components.sort_by_key(|c| (Reverse(c.len()), c[0]));
    components
}

/// A connected component laid out on its own, its corner at the origin.
struct Component {
    /// Node indices, ascending.
    members: Vec<usize>,
    /// Per member, in ideal edge lengths.
    positions: Vec<(f64, f64)>,
}

impl Component {
    fn size(&self) -> (f64, f64) {
        let w = self.positions.iter().map(|p| p.0).fold(0.0, f64::max);
        let h = self.positions.iter().map(|p| p.1).fold(0.0, f64::max);
        (w, h)
    }
}

/// Places the components in rows (largest first) to fill a box of about `aspect` width to
/// height, writing each node's position into `unit`.
fn pack(placed: &[Component], aspect: f64, unit: &mut [(f64, f64)]) {
    let area: f64 = placed
        .iter()
        .map(|c| {
            let (w, h) = c.size();
            (w + COMPONENT_GAP) * (h + COMPONENT_GAP)
        })
        .sum();
    let widest = placed.iter().map(|c| c.size().0).fold(0.0, f64::max);
    let row_width = (area * aspect).sqrt().max(widest + COMPONENT_GAP);
    let (mut x, mut y, mut row_height) = (0.0, 0.0, 0.0_f64);
    for component in placed {
        let (w, h) = component.size();
        if x > 0.0 && x + w > row_width {
            y += row_height;
            x = 0.0;
            row_height = 0.0;
        }
        for (&node, &(px, py)) in component.members.iter().zip(&component.positions) {
            unit[node] = (x + px, y + py);
        }
        x += w + COMPONENT_GAP;
        row_height = row_height.max(h + COMPONENT_GAP);
    }
}

/// How many viewBox units one ideal edge length becomes: what fits the drawing into
/// width × height, but never so little that rows of labels collide nor so much that a
/// small graph is stretched across the page.
fn fit_scale(unit: &[(f64, f64)], boxes: &NodeBoxes, options: &LayoutOptions) -> f64 {
    let span_x = unit.iter().map(|p| p.0).fold(0.0, f64::max);
    let span_y = unit.iter().map(|p| p.1).fold(0.0, f64::max);
    let room_x = (options.width - 2.0 * options.margin - 2.0 * boxes.widest()).max(1.0);
    let room_y = (options.height - 2.0 * options.margin - boxes.top - boxes.bottom).max(1.0);
    let fit = |room: f64, span: f64| {
        if span > 1e-9 {
            room / span
        } else {
            f64::INFINITY
        }
    };
    // enough room on average for every node's box, so crowds grow evenly, not in one axis
    let boxes_area: f64 = boxes
        .half_widths
        .iter()
        .map(|half| (2.0 * half + boxes.padding) * boxes.vertical_gap())
        .sum();
    let crowded = (CROWDING * boxes_area / (span_x.max(1.0) * span_y.max(1.0))).sqrt();
    let largest = MAX_EDGE_EM * options.font_size;
    fit(room_x, span_x)
        .min(fit(room_y, span_y))
        .min(largest)
        .max(crowded)
}

/// Pushes nodes apart, pair by pair, along the axis that needs the shorter move, until no
/// two boxes overlap (or the rounds run out). A sweep over the nodes sorted by x finds the
/// pairs; a round that moves nothing has checked every pair.
fn separate(xs: &mut [f64], ys: &mut [f64], boxes: &NodeBoxes) {
    let n = xs.len();
    let reach = 2.0 * boxes.widest() + boxes.padding;
    let vertical_gap = boxes.vertical_gap();
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..SEPARATION_ROUNDS {
        order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(a.cmp(&b)));
        let mut moved = false;
        for (position, &i) in order.iter().enumerate() {
            for &j in &order[position + 1..] {
                let (dx, dy) = (xs[j] - xs[i], ys[j] - ys[i]);
                if dx > reach {
                    break;
                }
                let need_x = boxes.half_widths[i] + boxes.half_widths[j] + boxes.padding - dx.abs();
                let need_y = vertical_gap - dy.abs();
                if need_x <= 0.0 || need_y <= 0.0 {
                    continue;
                }
                moved = true;
                // a hair more than needed, so rounding does not leave them touching
                if need_x <= need_y {
                    let shift = (need_x / 2.0 + 1e-6).copysign(if dx == 0.0 {
                        (j as f64) - (i as f64)
                    } else {
                        dx
                    });
                    xs[i] -= shift;
                    xs[j] += shift;
                } else {
                    let shift = (need_y / 2.0 + 1e-6).copysign(if dy == 0.0 {
                        (j as f64) - (i as f64)
                    } else {
                        dy
                    });
                    ys[i] -= shift;
                    ys[j] += shift;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// Moves the drawing into a viewBox with the margin all round, centred horizontally when
/// narrower than the requested width.
fn frame(xs: &[f64], ys: &[f64], boxes: &NodeBoxes, options: LayoutOptions) -> Layout {
    let mut left = f64::INFINITY;
    let mut right = f64::NEG_INFINITY;
    for (x, half) in xs.iter().zip(&boxes.half_widths) {
        left = left.min(x - half);
        right = right.max(x + half);
    }
    let top = ys.iter().copied().fold(f64::INFINITY, f64::min) - boxes.top;
    let bottom = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max) + boxes.bottom;
    let round = |value: f64| (value * 10.0).round() / 10.0;
    let width = (right - left + 2.0 * options.margin)
        .max(options.width)
        .ceil();
    let height = (bottom - top + 2.0 * options.margin).ceil();
    let shift_x = (width - (right - left)) / 2.0 - left;
    let shift_y = options.margin - top;
    let positions = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (round(x + shift_x), round(y + shift_y)))
        .collect();
    Layout {
        positions,
        width,
        height,
        options,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::render::graph::tests::{assert_balanced, graph, sample};
    use crate::render::graph::{Edge, Node, SvgOptions, svg};

    /// Every circle and label box lies inside the viewBox.
    fn assert_inside(graph: &Graph, layout: &Layout) {
        let boxes = NodeBoxes::new(graph, &layout.options);
        assert_eq!(layout.positions.len(), graph.nodes.len());
        for (i, &(x, y)) in layout.positions.iter().enumerate() {
            assert!(x.is_finite() && y.is_finite(), "node {i} at ({x}, {y})");
            let half = boxes.half_widths[i];
            assert!(
                x - half >= 0.0 && x + half <= layout.width,
                "node {i}: x {x}"
            );
            assert!(
                y - boxes.top >= 0.0 && y + boxes.bottom <= layout.height,
                "node {i}: y {y} in {}",
                layout.height
            );
        }
    }

    /// No two node boxes (circle and label) overlap.
    fn assert_apart(graph: &Graph, layout: &Layout) {
        let boxes = NodeBoxes::new(graph, &layout.options);
        let p = &layout.positions;
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                let overlap_x =
                    boxes.half_widths[i] + boxes.half_widths[j] - (p[i].0 - p[j].0).abs();
                let overlap_y = boxes.top + boxes.bottom - (p[i].1 - p[j].1).abs();
                assert!(
                    overlap_x <= 0.0 || overlap_y <= 0.0,
                    "{} and {} overlap at {:?} and {:?}",
                    graph.nodes[i].id,
                    graph.nodes[j].id,
                    p[i],
                    p[j]
                );
            }
        }
    }

    #[test]
    fn the_same_graph_gives_the_same_layout_and_bytes() {
        let options = LayoutOptions::default();
        let first = layout(&sample(), &options);
        let second = layout(&sample(), &options);
        assert_eq!(first, second);
        let svg_options = SvgOptions {
            id_prefix: "g".into(),
            title: "Netz".into(),
            description: String::new(),
        };
        assert_eq!(
            svg(&sample(), &first, &svg_options),
            svg(&sample(), &second, &svg_options)
        );
    }

    #[test]
    fn nodes_and_labels_lie_inside_the_view_box_and_apart() {
        let g = sample();
        let l = layout(&g, &LayoutOptions::default());
        assert_inside(&g, &l);
        assert_apart(&g, &l);
        assert!(l.width >= LayoutOptions::default().width);
        let r = l.options.node_radius;
        for i in 0..l.positions.len() {
            for j in i + 1..l.positions.len() {
                let (a, b) = (l.positions[i], l.positions[j]);
                let distance = (a.0 - b.0).hypot(a.1 - b.1);
                assert!(distance >= 4.0 * r, "{i} and {j} only {distance} apart");
            }
        }
    }

    #[test]
    fn long_labels_get_room() {
        let mut g = sample();
        for node in &mut g.nodes {
            node.label = format!("Internationales Wirtschaftsforum {}", node.id);
        }
        let l = layout(&g, &LayoutOptions::default());
        assert_inside(&g, &l);
        assert_apart(&g, &l);
    }

    #[test]
    fn empty_single_and_pair() {
        let options = LayoutOptions::default();
        let empty = layout(&Graph::default(), &options);
        assert!(empty.positions.is_empty());
        assert!(empty.width > 0.0 && empty.height > 0.0);

        let one = graph(&[("a", "person")], &[]);
        let l = layout(&one, &options);
        assert_inside(&one, &l);
        // centred horizontally in the requested width
        assert!((l.positions[0].0 - l.width / 2.0).abs() < 1.0);

        let two = graph(&[("a", "person"), ("b", "state")], &[(0, 1, "Präsident")]);
        let l = layout(&two, &options);
        assert_inside(&two, &l);
        assert_apart(&two, &l);
        let (a, b) = (l.positions[0], l.positions[1]);
        assert!((a.1 - b.1).abs() < 1.0, "a pair lies level: {a:?} {b:?}");
        assert!((a.0 - b.0).abs() <= MAX_EDGE_EM * options.font_size + 1.0);

        let apart = graph(&[("a", "person"), ("b", "state")], &[]);
        let l = layout(&apart, &options);
        assert_inside(&apart, &l);
        assert_apart(&apart, &l);
    }

    #[test]
    fn components_come_largest_first() {
        let pairs: BTreeSet<(usize, usize)> = [(0, 1), (2, 3), (3, 4)].into_iter().collect();
        assert_eq!(
            components(6, &pairs),
            vec![vec![2, 3, 4], vec![0, 1], vec![5]]
        );
    }

    #[test]
    fn unusable_options_are_replaced() {
        let options = LayoutOptions {
            width: f64::NAN,
            height: -5.0,
            margin: f64::INFINITY,
            node_radius: 0.0,
            font_size: 1e9,
            max_label_chars: 0,
            iterations: 0,
        };
        let g = sample();
        let l = layout(&g, &options);
        assert_inside(&g, &l);
        assert_apart(&g, &l);
    }

    #[test]
    fn short_labels_cut_by_characters() {
        assert_eq!(short_label("Tokajew", 7), "Tokajew");
        assert_eq!(
            short_label("Kaspisches Pipeline-Konsortium", 12),
            "Kaspisches…"
        );
        assert_eq!(short_label("Übersee Öl", 3), "Üb…");
        assert_eq!(short_label("  Tokajew  ", 24), "Tokajew");
    }

    /// Not a test of speed (that is not asserted anywhere): prints how long a large graph
    /// takes. `cargo test --release --lib large_graph -- --ignored --nocapture`
    #[test]
    #[ignore = "prints a timing; run by hand in release mode"]
    fn large_graph_timing() {
        for (n, m) in [(30, 45), (1_000, 5_000)] {
            let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
            let mut next = move |bound: usize| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % bound as u64) as usize
            };
            let g = Graph {
                nodes: (0..n)
                    .map(|i| Node {
                        id: format!("n{i:04}"),
                        label: format!("Akteur Nummer {i}"),
                        url: format!("/actors/n{i}/"),
                        kind: "person".into(),
                    })
                    .collect(),
                edges: (0..m)
                    .map(|_| Edge::plain(next(n), next(n), "Mitglied"))
                    .collect(),
                centre: None,
            };
            let started = std::time::Instant::now();
            let l = layout(&g, &LayoutOptions::default());
            let laid_out = started.elapsed();
            let drawn = svg(&g, &l, &SvgOptions::default()).map_or(0, |s| s.len());
            println!(
                "{n} nodes, {m} edges: layout {laid_out:?}, total {:?}, {drawn} bytes, viewBox {} × {}",
                started.elapsed(),
                l.width,
                l.height
            );
        }
    }

    fn any_graph() -> impl Strategy<Value = Graph> {
        (0usize..40).prop_flat_map(|n| {
            let nodes = proptest::collection::vec(("[a-z]{1,6}", "\\PC{0,40}", "[a-z ]{0,10}"), n);
            // indices up to n + 1: some edges point nowhere and must be ignored
            let edges = proptest::collection::vec((0..n + 2, 0..n + 2, "\\PC{0,12}"), 0..80);
            let centre = proptest::option::of(0..n.max(1));
            (nodes, edges, centre).prop_map(move |(nodes, edges, centre)| Graph {
                nodes: nodes
                    .into_iter()
                    .map(|(id, label, kind)| Node {
                        url: format!("/actors/{id}/"),
                        id,
                        label,
                        kind,
                    })
                    .collect(),
                edges: edges
                    .into_iter()
                    .map(|(from, to, label)| Edge::plain(from, to, &label))
                    .collect(),
                centre: centre.filter(|&c| c < n),
            })
        })
    }

    proptest! {
        #[test]
        fn any_graph_lays_out_inside_the_view_box(g in any_graph()) {
            let l = layout(&g, &LayoutOptions::default());
            assert_inside(&g, &l);
            assert_apart(&g, &l);
            prop_assert!(l.width.is_finite() && l.height.is_finite());
            let drawn = svg(&g, &l, &SvgOptions::default());
            prop_assert_eq!(drawn.is_some(), !g.nodes.is_empty());
            if let Some(drawn) = drawn {
                assert_balanced(&drawn);
            }
        }
    }
}
