// Timeline filters: choose an actor and/or a tag and the list narrows at once. Without
// JavaScript the same filters are links to each actor's and tag's own list of events.
(function () {
  "use strict";
  var box = document.querySelector(".timeline-filters");
  var timeline = document.querySelector(".timeline");
  if (!box || !timeline) return;
  var events = Array.prototype.slice.call(timeline.querySelectorAll("li.event"));
  var years = Array.prototype.slice.call(timeline.querySelectorAll("section.year"));
  var yearLinks = document.querySelectorAll(".years a");
  var text = box.dataset;

  function options(selector, key) {
    var select = document.createElement("select");
    select.name = key;
    select.id = "filter-" + key;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = text.all;
    select.appendChild(all);
    box.querySelectorAll(selector).forEach(function (link) {
      var option = document.createElement("option");
      option.value = link.dataset[key];
      option.textContent = link.dataset.title + " (" + link.querySelector(".count").textContent + ")";
      select.appendChild(option);
    });
    return select;
  }
  function field(label, select) {
    var wrap = document.createElement("div");
    wrap.className = "filter-field";
    var l = document.createElement("label");
    l.htmlFor = select.id;
    l.textContent = label;
    wrap.appendChild(l);
    wrap.appendChild(select);
    return wrap;
  }

  var form = document.createElement("form");
  form.className = "filter-form";
  var actor = options("a[data-actor]", "actor");
  var tag = options("a[data-tag]", "tag");
  if (actor.options.length > 1) form.appendChild(field(text.labelActor, actor));
  if (tag.options.length > 1) form.appendChild(field(text.labelTag, tag));
  var reset = document.createElement("button");
  reset.type = "reset";
  reset.textContent = text.reset;
  form.appendChild(reset);
  var status = document.createElement("p");
  status.className = "filter-status";
  status.setAttribute("role", "status");
  form.appendChild(status);
  var slot = document.querySelector(".filter-slot");
  if (slot) slot.appendChild(form);
  else box.insertBefore(form, box.firstChild);

  function has(list, value) {
    return (" " + list + " ").indexOf(" " + value + " ") !== -1;
  }
  function apply(remember) {
    var a = actor.value;
    var t = tag.value;
    var shown = 0;
    events.forEach(function (li) {
      var visible = (!a || has(li.dataset.actors, a)) && (!t || has(li.dataset.tags, t));
      li.hidden = !visible;
      if (visible) shown += 1;
    });
    var visibleYears = {};
    years.forEach(function (section) {
      var any = section.querySelector("li.event:not([hidden])") !== null;
      section.hidden = !any;
      if (any) visibleYears[section.getAttribute("aria-labelledby")] = true;
    });
    yearLinks.forEach(function (link) {
      link.parentNode.hidden = !visibleYears[link.getAttribute("href").slice(1)];
    });
    status.textContent = (a || t)
      ? shown + " " + text.of + " " + events.length + " " + text.events
      : events.length + " " + text.events;
    reset.hidden = !(a || t);
    if (remember && window.history.replaceState) {
      var params = new URLSearchParams(window.location.search);
      if (a) params.set("actor", a); else params.delete("actor");
      if (t) params.set("tag", t); else params.delete("tag");
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  var params = new URLSearchParams(window.location.search);
  actor.value = params.get("actor") || "";
  tag.value = params.get("tag") || "";
  if (actor.selectedIndex < 0) actor.value = "";
  if (tag.selectedIndex < 0) tag.value = "";
  actor.addEventListener("change", function () { apply(true); });
  tag.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { apply(true); reset.blur(); actor.focus(); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(false);
})();
