// Full-text search with Pagefind's JavaScript API. Without JavaScript the header shows a plain
// link to the search page, and that page lists the indexes instead of a search field.
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-base") || "/";

  function element(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (text) node.textContent = text;
    return node;
  }

  // The header's link becomes a search field that leads to the search page.
  function headerField() {
    var link = document.querySelector(".search-link");
    if (!link) return;
    if (document.querySelector(".search-app")) {
      link.hidden = true;
      return;
    }
    var form = element("form", { class: "header-search", role: "search", action: link.getAttribute("href"), method: "get" });
    form.appendChild(element("label", { class: "visually-hidden", for: "header-search-input" }, link.dataset.label));
    form.appendChild(element("input", {
      id: "header-search-input", type: "search", name: "q", placeholder: link.dataset.placeholder,
      autocomplete: "off", spellcheck: "false", enterkeyhint: "search"
    }));
    // on narrow screens the link stays (the field would crowd the header); see dossier.css
    link.parentNode.insertBefore(form, link);
    link.parentNode.classList.add("has-search-field");
  }

  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(base + "pagefind/pagefind.js").then(function (module) {
        return module.options({ baseUrl: base, excerptLength: 22 }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  function searchPage() {
    var app = document.querySelector(".search-app");
    if (!app) return;
    var fallback = document.querySelector(".search-nojs");
    if (fallback) fallback.hidden = true;
    app.hidden = false;
    var form = app.querySelector("form");
    var input = app.querySelector("input[type=search]");
    var status = app.querySelector(".search-status");
    var list = app.querySelector(".search-results");
    var text = app.dataset;
    var latest = 0;
    var timer = 0;

    function show(results, query) {
      list.textContent = "";
      results.forEach(function (result) {
        var item = element("li", { class: "search-result" });
        var title = (result.meta && result.meta.title) || result.url;
        var heading = element("h2", { class: "search-result-title" });
        heading.appendChild(element("a", { href: result.url }, title));
        item.appendChild(heading);
        if (result.meta && result.meta.reliability) {
          item.appendChild(element("p", { class: "search-meta" }, result.meta.reliability));
        }
        var excerpt = element("p", { class: "search-excerpt" });
        excerpt.innerHTML = result.excerpt;
        item.appendChild(excerpt);
        var subs = (result.sub_results || []).filter(function (sub) {
          return sub.url.indexOf("#") !== -1 && sub.title && sub.title !== title;
        }).slice(0, 3);
        if (subs.length) {
          var nested = element("ul", { class: "search-subresults" });
          subs.forEach(function (sub) {
            var li = element("li");
            li.appendChild(element("a", { href: sub.url }, sub.title));
            var p = element("p", { class: "search-excerpt" });
            p.innerHTML = sub.excerpt;
            li.appendChild(p);
            nested.appendChild(li);
          });
          item.appendChild(nested);
        }
        list.appendChild(item);
      });
      status.textContent = results.length ? results.length + " " + text.results : text.none;
      if (window.history.replaceState) {
        var url = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "");
        window.history.replaceState(null, "", url);
      }
    }

    function run(query) {
      var id = ++latest;
      query = query.trim();
      if (!query) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      status.textContent = text.loading;
      loadPagefind()
        .then(function (pf) { return pf.search(query); })
        .then(function (search) {
          if (id !== latest) return null;
          return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
        })
        .then(function (results) {
          if (results && id === latest) show(results, query);
        })
        .catch(function () {
          if (id === latest) status.textContent = text.none;
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(input.value); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run(input.value);
    });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
    input.focus();
  }

  function start() {
    headerField();
    searchPage();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
