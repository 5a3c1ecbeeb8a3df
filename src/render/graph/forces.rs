//! The force-directed part of the layout: one connected component's nodes placed by
//! Fruchterman–Reingold forces, hubs repelling more as in ForceAtlas2; deterministic (a fixed
//! start on a sunflower spiral, a fixed number of rounds).

use std::collections::BTreeSet;

use super::Graph;

/// Pull of each component towards its centre, so loose parts do not drift off.
const GRAVITY: f64 = 0.05;

/// Fruchterman–Reingold on one component: attraction d² along edges, repulsion 1/d between
/// all pairs (O(n²) per iteration: about 0.3 s for 1,000 nodes), weighted by degree + 1.
/// Starts from a sunflower spiral in the order of the node ids (the graph's centre first),
/// cools linearly, then scales the result so the median edge is 1 long and turns it so its
/// long axis lies horizontal, with its corner at the origin.
pub(super) fn force_directed(
    graph: &Graph,
    members: &[usize],
    pairs: &BTreeSet<(usize, usize)>,
    iterations: usize,
) -> Vec<(f64, f64)> {
    let n = members.len();
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let mut local = vec![usize::MAX; graph.nodes.len()];
    for (i, &member) in members.iter().enumerate() {
        local[member] = i;
    }
    let edges: Vec<(usize, usize)> = pairs
        .iter()
        .filter(|(a, _)| local[*a] != usize::MAX)
        .map(|&(a, b)| (local[a], local[b]))
        .collect();

    let (mut xs, mut ys) = start_positions(graph, members);
    // hubs repel more (as in ForceAtlas2), so their many neighbours get room round them
    let mut mass = vec![1.0_f64; n];
    for &(a, b) in &edges {
        mass[a] += 1.0;
        mass[b] += 1.0;
    }
    let start_temperature = 1.0 + 0.25 * (n as f64).sqrt();
    let (mut dx_sum, mut dy_sum) = (vec![0.0; n], vec![0.0; n]);
    for iteration in 0..iterations {
        dx_sum.fill(0.0);
        dy_sum.fill(0.0);
        add_forces(&xs, &ys, &mass, &edges, &mut dx_sum, &mut dy_sum);
        let temperature = start_temperature * (1.0 - iteration as f64 / iterations as f64) + 0.005;
        step(&mut xs, &mut ys, &dx_sum, &dy_sum, temperature);
    }
    let mut positions = in_edge_units(xs, ys, &edges);
    align_long_axis(&mut positions);
    positions
}

/// Where the nodes start: on a sunflower spiral, the centre (if any) first, then by id.
fn start_positions(graph: &Graph, members: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let n = members.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            let node = members[i];
            (graph.centre != Some(node), &graph.nodes[node].id, node)
        };
        key(a).cmp(&key(b))
    });
    let (mut xs, mut ys) = (vec![0.0; n], vec![0.0; n]);
    const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
    for (rank, &i) in order.iter().enumerate() {
        let radius = 0.56 * (rank as f64 + 0.5).sqrt();
        let angle = rank as f64 * GOLDEN_ANGLE;
        xs[i] = radius * angle.cos();
        ys[i] = radius * angle.sin();
    }

    (xs, ys)
}

/// Adds every pair's repulsion and every edge's attraction to the forces on the nodes.
fn add_forces(
    xs: &[f64],
    ys: &[f64],
    mass: &[f64],
    edges: &[(usize, usize)],
    dx_sum: &mut [f64],
    dy_sum: &mut [f64],
) {
    let n = xs.len();
    // repulsion k²/d between every pair
    for i in 0..n {
        let (xi, yi, mi) = (xs[i], ys[i], mass[i]);
        let (mut fx, mut fy) = (0.0, 0.0);
        for j in i + 1..n {
            let (dx, dy) = (xi - xs[j], yi - ys[j]);
            let f = mi * mass[j] / (dx * dx + dy * dy).max(1e-9);
            fx += dx * f;
            fy += dy * f;
            dx_sum[j] -= dx * f;
            dy_sum[j] -= dy * f;
        }
        dx_sum[i] += fx;
        dy_sum[i] += fy;
    }
    // attraction d²/k along every edge
    for &(a, b) in edges {
        let (dx, dy) = (xs[a] - xs[b], ys[a] - ys[b]);
        let d = (dx * dx + dy * dy).sqrt();
        dx_sum[a] -= dx * d;
        dy_sum[a] -= dy * d;
        dx_sum[b] += dx * d;
        dy_sum[b] += dy * d;
    }
}

/// Moves each node along its force, pulled towards the centre, by at most `temperature`.
fn step(xs: &mut [f64], ys: &mut [f64], dx_sum: &[f64], dy_sum: &[f64], temperature: f64) {
    let n = xs.len();
    let cx = xs.iter().sum::<f64>() / n as f64;
    let cy = ys.iter().sum::<f64>() / n as f64;
    for i in 0..n {
        let fx = dx_sum[i] - (xs[i] - cx) * GRAVITY;
        let fy = dy_sum[i] - (ys[i] - cy) * GRAVITY;
        let length = (fx * fx + fy * fy).sqrt();
        if length > 0.0 && length.is_finite() {
            let step = length.min(temperature) / length;
            xs[i] += fx * step;
            ys[i] += fy * step;
        }
    }
}

/// The positions with the median edge as the unit length.
fn in_edge_units(xs: Vec<f64>, ys: Vec<f64>, edges: &[(usize, usize)]) -> Vec<(f64, f64)> {
    // the masses stretch some edges: make the typical one the unit the scale works in
    let mut lengths: Vec<f64> = edges
        .iter()
        .map(|&(a, b)| (xs[a] - xs[b]).hypot(ys[a] - ys[b]))
        .collect();
    lengths.sort_by(f64::total_cmp);
    let median = lengths.get(lengths.len() / 2).copied().unwrap_or(1.0);
    let unit = if median > 1e-9 && median.is_finite() {
        median
    } else {
        1.0
    };
    xs.into_iter()
        .zip(ys)
        .map(|(x, y)| (x / unit, y / unit))
        .collect()
}

/// Turns the points about their centroid so the axis of greatest spread is horizontal, and
/// moves their bounding box's corner to the origin.
fn align_long_axis(points: &mut [(f64, f64)]) {
    let n = points.len() as f64;
    let cx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let cy = points.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for &(x, y) in points.iter() {
        sxx += (x - cx) * (x - cx);
        syy += (y - cy) * (y - cy);
        sxy += (x - cx) * (y - cy);
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let (sin, cos) = (-angle).sin_cos();
    for point in points.iter_mut() {
        let (x, y) = (point.0 - cx, point.1 - cy);
        *point = (x * cos - y * sin, x * sin + y * cos);
    }
    let min_x = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let min_y = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    for point in points.iter_mut() {
        *point = (point.0 - min_x, point.1 - min_y);
    }
}
