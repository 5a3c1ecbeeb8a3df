// Link previews: hovering a link to an actor, note, source, event or citation (after a short
// delay), or focusing it with the keyboard, shows a small card beside it: title, kind, dates,
// the beginning of the summary, and for a source its grade and publisher. The data comes from
// data/previews.json (or, for a large dossier, the shard of it a link needs), loaded the first
// time it is needed. Escape closes the card; moving onto it keeps it open. Devices without
// hover (touch screens) get no previews: the link just works.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.matchMedia) return;
  if (!window.matchMedia("(hover: hover) and (pointer: fine)").matches) return;
  var root = new URL(".", script.src);
  var HOVER_DELAY = 300;
  var HIDE_DELAY = 200;
  var loading = null;
  var shards = {};
  var tip = null;
  var current = null;
  var describedBefore = null;
  var showTimer = 0;
  var hideTimer = 0;
  var dismissed = null;
  var waiting = null;

  /** data/previews.json: every preview, or into how many shards a large dossier splits them. */
  function load() {
    if (!loading) loading = fetchPages("data/previews.json");
    return loading;
  }

  function fetchPages(path) {
    return fetch(new URL(path, root).href)
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; });
  }

  /** The shard a key is in: FNV-1a of its UTF-8 bytes, as the generator computes it. */
  function shardOf(key, shards) {
    var bytes = new TextEncoder().encode(key);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return hash % shards;
  }

  /** The preview of a key, once its file is loaded (null if there is none). */
  function lookUp(key) {
    return load().then(function (index) {
      if (index.pages) return index.pages[key] || null;
      if (!index.shards) return null;
      var n = shardOf(key, index.shards);
      if (!shards[n]) shards[n] = fetchPages("data/previews/" + n + ".json");
      return shards[n].then(function (shard) { return (shard.pages && shard.pages[key]) || null; });
    });
  }

  /** The link in <main> an event happened in, if any (not inside the card). */
  function linkOf(target) {
    var link = target && target.closest ? target.closest("a[href]") : null;
    return link && link.closest("main") ? link : null;
  }

  /** The preview key of the page a link leads to: its URL under the site's root, or null. */
  function keyOf(link) {
    var url;
    try {
      url = new URL(link.getAttribute("href") || "", location.href);
    } catch (e) {
      return null;
    }
    if (url.origin === location.origin && url.pathname === location.pathname) {
      // a citation leads to its entry in the reference list: preview the source it names
      var target = url.hash ? document.getElementById(decodeURIComponent(url.hash.slice(1))) : null;
      var cited = target && target.closest(".references") ? target.querySelector("a[href]") : null;
      return cited ? keyOf(cited) : null;
    }
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    return decodeURIComponent(url.pathname.slice(root.pathname.length) + url.hash);
  }

  /** The preview of the page a link leads to; a link to a part of a page shows the page's. */
  function entryOf(link) {
    var key = keyOf(link);
    if (key === null) return Promise.resolve(null);
    return lookUp(key).then(function (entry) {
      return entry || (key.indexOf("#") > 0 ? lookUp(key.split("#")[0]) : null);
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function card() {
    if (!tip) {
      tip = element("div", "link-preview");
      tip.id = "link-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("pointerleave", scheduleHide);
      document.body.appendChild(tip);
    }
    return tip;
  }

  function fill(box, entry) {
    box.textContent = "";
    box.appendChild(element("p", "preview-kind", entry.kind + (entry.dates ? " · " + entry.dates : "")));
    box.appendChild(element("p", "preview-title", entry.title));
    if (entry.grade || entry.publisher) {
      var source = element("p", "preview-source");
      if (entry.grade) {
        source.appendChild(element("span", "grade grade-" + entry.grade.class, entry.grade.letter));
        source.appendChild(document.createTextNode(" " + entry.grade.meaning));
      }
      if (entry.publisher) source.appendChild(document.createTextNode((entry.grade ? " · " : "") + entry.publisher));
      box.appendChild(source);
    }
    if (entry.summary) box.appendChild(element("p", "preview-summary", entry.summary));
  }

  /** Below the link (above it when there is no room below), inside the viewport. */
  function place(box, link) {
    var width = document.documentElement.clientWidth;
    box.style.maxWidth = Math.max(0, width - 16) + "px";
    box.style.left = "0px";
    box.style.top = "0px";
    var rect = link.getBoundingClientRect();
    var left = Math.max(8, Math.min(rect.left, width - box.offsetWidth - 8));
    var top = rect.bottom + 6;
    if (top + box.offsetHeight > window.innerHeight - 8 && rect.top - box.offsetHeight - 6 >= 8) {
      top = rect.top - box.offsetHeight - 6;
    }
    box.style.left = Math.round(left + window.scrollX) + "px";
    box.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(link, entry) {
    if (!entry || !link.isConnected) return;
    if (current && current !== link) hide();
    var box = card();
    fill(box, entry);
    if (current !== link) {
      describedBefore = link.getAttribute("aria-describedby");
      link.setAttribute("aria-describedby", (describedBefore ? describedBefore + " " : "") + box.id);
      current = link;
    }
    box.hidden = false;
    place(box, link);
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!current) return;
    if (describedBefore) current.setAttribute("aria-describedby", describedBefore);
    else current.removeAttribute("aria-describedby");
    current = null;
    describedBefore = null;
    if (tip) tip.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function focusVisible(link) {
    try {
      return link.matches(":focus-visible");
    } catch (e) {
      return true;
    }
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var link = linkOf(event.target);
    if (!link) return;
    if (link === current) {
      clearTimeout(hideTimer);
      return;
    }
    if (link === dismissed || link === waiting) return;
    clearTimeout(showTimer);
    var entry = entryOf(link);
    showTimer = setTimeout(function () {
      entry.then(function (found) {
        if (waiting === link) show(link, found);
      });
    }, HOVER_DELAY);
    waiting = link;
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    var link = linkOf(event.target);
    if (!link || link.contains(event.relatedTarget)) return;
    if (link === dismissed) dismissed = null;
    clearTimeout(showTimer);
    waiting = null;
    if (link === current && !(document.activeElement === link && focusVisible(link))) scheduleHide();
  });

  document.addEventListener("focusin", function (event) {
    var link = linkOf(event.target);
    if (!link || !focusVisible(link)) return;
    clearTimeout(showTimer);
    dismissed = null;
    entryOf(link).then(function (found) {
      if (document.activeElement === link) show(link, found);
    });
  });

  document.addEventListener("focusout", function (event) {
    if (event.target === current) hide();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      dismissed = current;
      hide();
    }
  });

  window.addEventListener("resize", hide);
})();
