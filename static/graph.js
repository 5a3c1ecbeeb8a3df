// A relations graph (the graph page, an actor's neighbourhood), made easier to read: pointing at
// or focusing an actor brings out its relations and neighbours and fades the rest; the year
// filter shows the relations that held in the chosen year (undated ones always), fades the
// actors left without any, and narrows the list of relations on the graph page alike. Without
// JavaScript the filter stays hidden and the whole graph and list show.
(function () {
  "use strict";

  /** Whether a relation (an edge or a list row with data-since/data-until) held in `year`. */
  function held(element, year) {
    var since = element.getAttribute("data-since");
    var until = element.getAttribute("data-until");
    return (since === null || Number(since) <= year) && (until === null || year <= Number(until));
  }

  function setUp(control) {
    var figure = control.closest("figure");
    var select = control.querySelector("select");
    var output = control.querySelector("output");
    if (!figure || !select) return;
    var edges = figure.querySelectorAll(".actor-graph .rel");
    var nodes = figure.querySelectorAll(".actor-graph .node");
    var rows = figure.classList.contains("network") ? document.querySelectorAll(".relation-list > li") : [];

    function apply() {
      var year = select.value === "" ? null : Number(select.value);
      var shown = 0;
      var linked = {};
      edges.forEach(function (edge) {
        var on = year === null || held(edge, year);
        edge.classList.toggle("is-off", !on);
        if (on) {
          shown += 1;
          (edge.getAttribute("data-nodes") || "").split(" ").forEach(function (id) { linked[id] = true; });
        }
      });
      nodes.forEach(function (node) {
        node.classList.toggle("is-faded", year !== null && !linked[node.getAttribute("data-id")]);
      });
      rows.forEach(function (row) { row.hidden = year !== null && !held(row, year); });
      if (output) {
        output.textContent = year === null ? "" : (output.getAttribute("data-template") || "{shown}/{total}")
          .replace("{shown}", String(shown)).replace("{total}", String(edges.length));
      }
    }

    select.addEventListener("change", apply);
    control.hidden = false;
    apply();
  }

  /** Brings out an actor's relations and neighbours while it is pointed at or focused. */
  function trace(svg) {
    var edges = svg.querySelectorAll(".rel");
    var nodes = svg.querySelectorAll(".node");
    function on(node) {
      var id = node.getAttribute("data-id");
      var near = {};
      near[id] = true;
      edges.forEach(function (edge) {
        var ends = (edge.getAttribute("data-nodes") || "").split(" ");
        var touches = ends.indexOf(id) >= 0;
        edge.classList.toggle("is-near", touches);
        if (touches) ends.forEach(function (end) { near[end] = true; });
      });
      nodes.forEach(function (other) { other.classList.toggle("is-near", !!near[other.getAttribute("data-id")]); });
      svg.classList.add("is-tracing");
    }
    function off() { svg.classList.remove("is-tracing"); }
    function nodeOf(target) { return target && target.closest ? target.closest(".node") : null; }
    svg.addEventListener("pointerover", function (event) {
      var node = nodeOf(event.target);
      if (node) on(node);
    });
    svg.addEventListener("pointerout", function (event) {
      var node = nodeOf(event.target);
      if (node && !node.contains(event.relatedTarget)) off();
    });
    svg.addEventListener("focusin", function (event) {
      var node = nodeOf(event.target);
      if (node) on(node);
      else off();
    });
    svg.addEventListener("focusout", off);
  }

  document.querySelectorAll("svg.actor-graph").forEach(trace);
  document.querySelectorAll("[data-year-filter]").forEach(setUp);
})();
