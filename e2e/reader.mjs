// What a reader gets beyond the pages, in a real browser: link previews (hover after a delay,
// keyboard focus, Escape, citations and events, axe with a preview open, inside the viewport
// at 390 px, none on touch screens, nothing moving the layout) and the relations graph's legend
// and year filter (line styles that differ without colour, the type on each edge, focusable
// edges, the filter narrowing drawing and list, everything shown without JavaScript).
//
// Called by run.mjs for each whole site, with its helpers; every result goes through `check`.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const PREVIEW = "#link-preview";

/** The keys of data/previews.json, or null when the site has none. */
function previewPages(dir) {
  const file = join(dir, "data", "previews.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).pages : null;
}

/** Links in <main> (index among `main a[href]`, and the key of the page they lead to). */
async function mainLinks(page, root) {
  return page.$$eval("main a[href]", (links, root) => links.map((link, index) => {
    const url = new URL(link.getAttribute("href"), location.href);
    const here = url.pathname === location.pathname;
    const key = url.href.startsWith(root) ? decodeURIComponent(url.href.slice(root.length)) : null;
    return { index, key, here, citation: !!link.closest(".citation"), svg: link instanceof SVGElement };
  }), root);
}

async function previewShown(page, timeout = 2500) {
  return page.waitForSelector(`${PREVIEW}:not([hidden])`, { state: "visible", timeout }).then(() => true, () => false);
}

async function previewHidden(page, timeout = 2500) {
  return page.waitForSelector(PREVIEW, { state: "hidden", timeout }).then(() => true, () => false);
}

async function layoutBox(page) {
  return page.evaluate(() => {
    const main = document.querySelector("main").getBoundingClientRect();
    return [main.top, main.left, main.width, main.height, document.documentElement.scrollWidth, document.documentElement.scrollHeight].join(",");
  });
}

export async function testPreviews(browser, site, base, { check, watchedPage, axeViolations, types, problems, origin }) {
  const pages = previewPages(site.dir);
  check(pages !== null, `${site.name}: the site has data/previews.json`);
  if (!pages || !types.actor) return;
  const root = `${origin}${base}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await watchedPage(context, problems, origin);
  let previewsRequested = 0;
  page.on("request", (request) => { if (request.url() === `${root}data/previews.json`) previewsRequested += 1; });

  await page.goto(root + types.actor, { waitUntil: "load" });
  check(previewsRequested === 0, `${site.name}: previews.json is not loaded before first use`);
  const links = await mainLinks(page, root);
  const target = links.find((l) => !l.here && !l.svg && !l.citation && l.key && pages[l.key] && !l.key.startsWith("timeline/"));
  if (!target) {
    check(false, `${site.name}: the actor page has a link with a preview`);
  } else {
    const link = page.locator("main a[href]").nth(target.index);
    const before = await layoutBox(page);
    await link.hover();
    await page.waitForTimeout(120);
    const early = await page.$eval(PREVIEW, (tip) => !tip.hidden).catch(() => false);
    check(!early, `${site.name}: a preview waits a moment before it shows on hover`);
    const shown = await previewShown(page);
    const tip = shown ? await page.$eval(PREVIEW, (tip) => ({ text: tip.textContent, role: tip.getAttribute("role"), position: getComputedStyle(tip).position })) : null;
    const described = await link.getAttribute("aria-describedby");
    check(shown && tip.text.includes(pages[target.key].title) && tip.role === "tooltip" && (described || "").split(" ").includes("link-preview"),
      `${site.name}: hovering a link to ${target.key} shows its preview, a tooltip that describes the link`, JSON.stringify({ tip, described }));
    check(previewsRequested === 1, `${site.name}: previews.json is loaded once, from ${base}data/previews.json`);
    check(tip && tip.position === "absolute" && (await layoutBox(page)) === before, `${site.name}: a preview moves nothing on the page`);
    const violations = await axeViolations(page);
    check(violations.length === 0, `${site.name}: axe with a preview open`, violations.join("\n"));
    await page.mouse.move(1275, 450);
    check(await previewHidden(page), `${site.name}: the preview goes when the pointer leaves the link`);
    await link.hover();
    await previewShown(page);
    await page.keyboard.press("Escape");
    check(await previewHidden(page, 500), `${site.name}: Escape closes a preview opened by hovering`);
    const describedAfter = await link.getAttribute("aria-describedby");
    check(!(describedAfter || "").includes("link-preview"), `${site.name}: a closed preview no longer describes the link`);
  }

  // keyboard: Tab to a link with a preview; it shows at once; Escape closes it, focus stays
  await page.goto(root + types.actor, { waitUntil: "load" });
  await page.mouse.move(1, 1);
  let focused = null;
  for (let i = 0; i < 120 && !focused; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate((root) => {
      const link = document.activeElement;
      if (!link || !link.matches("main a[href]")) return null;
      const url = new URL(link.getAttribute("href"), location.href);
      return url.pathname !== location.pathname && url.href.startsWith(root) ? decodeURIComponent(url.href.slice(root.length)) : null;
    }, root);
    if (focused && !pages[focused] && !pages[focused.split("#")[0]]) focused = null;
  }
  if (!focused) {
    check(false, `${site.name}: Tab reaches a link with a preview`);
  } else {
    const shown = await previewShown(page, 1000);
    const text = shown ? await page.$eval(PREVIEW, (tip) => tip.textContent) : "";
    const entry = pages[focused] || pages[focused.split("#")[0]];
    check(shown && text.includes(entry.title), `${site.name}: focusing a link with the keyboard shows its preview (${focused})`);
    await page.keyboard.press("Escape");
    const closed = await previewHidden(page, 500);
    const still = await page.evaluate(() => document.activeElement && document.activeElement.matches("main a[href]"));
    check(closed && still, `${site.name}: Escape closes a preview opened by focus, and focus stays on the link`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Shift+Tab");
    check(await previewShown(page, 1000), `${site.name}: focusing the link again shows the preview again`);
  }

  // an event: its title; a citation: the cited source, with its grade when it has one
  await page.goto(root + types.actor, { waitUntil: "load" });
  const event = (await mainLinks(page, root)).find((l) => l.key && l.key.startsWith("timeline/#") && pages[l.key]);
  if (event) {
    await page.locator("main a[href]").nth(event.index).hover();
    const shown = await previewShown(page);
    const text = shown ? await page.$eval(PREVIEW, (tip) => tip.textContent) : "";
    check(shown && text.includes(pages[event.key].title) && text.includes(pages[event.key].kind), `${site.name}: an event link previews the event (${event.key})`);
  }
  for (const path of [types.note, types.actor, types.source].filter(Boolean)) {
    await page.goto(root + path, { waitUntil: "load" });
    const citation = page.locator("main sup.citation a").first();
    if ((await citation.count()) === 0) continue;
    const cited = await citation.evaluate((a, root) => {
      const entry = document.getElementById(a.getAttribute("href").slice(1));
      const href = entry && entry.querySelector("a[href]");
      return href ? decodeURIComponent(new URL(href.getAttribute("href"), location.href).href.slice(root.length)) : null;
    }, root);
    await citation.hover();
    const shown = await previewShown(page);
    const tip = shown ? await page.$eval(PREVIEW, (tip) => ({ text: tip.textContent, grade: tip.querySelector(".grade") && tip.querySelector(".grade").textContent })) : null;
    const entry = pages[cited];
    check(shown && entry && tip.text.includes(entry.title) && (!entry.grade || (tip.grade === entry.grade.letter && tip.text.includes(entry.grade.meaning))),
      `${site.name}: a citation previews the source it cites (${cited}${entry && entry.grade ? `, grade ${entry.grade.letter}` : ""})`, JSON.stringify(tip));
    break;
  }
  await context.close();

  // 390 px with a mouse: the preview stays inside the viewport, no horizontal scroll
  {
    const narrow = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await watchedPage(narrow, problems, origin);
    await page.goto(root + types.actor, { waitUntil: "load" });
    const links = await mainLinks(page, root);
    const candidates = links.filter((l) => !l.here && !l.svg && l.key && pages[l.key]);
    let worst = null;
    for (const candidate of candidates.slice(0, 6)) {
      const link = page.locator("main a[href]").nth(candidate.index);
      await link.scrollIntoViewIfNeeded();
      await link.hover();
      if (!(await previewShown(page))) continue;
      const box = await page.$eval(PREVIEW, (tip) => { const r = tip.getBoundingClientRect(); return { left: r.left, right: r.right, width: document.documentElement.scrollWidth }; });
      if (!worst || box.right > worst.right || box.left < worst.left || box.width > worst.width) worst = box;
      await page.mouse.move(1, 1);
      await previewHidden(page);
    }
    check(worst && worst.left >= 0 && worst.right <= 390 && worst.width <= 390, `${site.name}: previews stay inside a 390 px viewport without horizontal scroll`, JSON.stringify(worst));
    await narrow.close();
  }

  // a touch screen: no preview at all, and the link just works
  {
    const touch = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await watchedPage(touch, problems, origin);
    await page.goto(root + types.actor, { waitUntil: "load" });
    const links = await mainLinks(page, root);
    const candidate = links.find((l) => !l.here && !l.svg && !l.citation && l.key && pages[l.key]);
    if (candidate) {
      const link = page.locator("main a[href]").nth(candidate.index);
      await link.scrollIntoViewIfNeeded();
      await link.hover();
      await page.waitForTimeout(600);
      const any = await page.$(PREVIEW);
      check(any === null, `${site.name}: no preview on a touch screen`);
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), link.tap()]);
      check(decodeURIComponent(page.url()) === `${root}${candidate.key}`, `${site.name}: on a touch screen a tap follows the link`, page.url());
    }
    await touch.close();
  }
}

/** The computed look of each legend entry: dashes, width, a double line, and the colour. */
async function legendStyles(page) {
  return page.$$eval(".relation-legend li", (items) => items.map((li) => {
    const line = getComputedStyle(li.querySelector(".edge-swatch .line"));
    return { family: li.className, dash: line.strokeDasharray, width: line.strokeWidth, double: !!li.querySelector(".gap"), colour: line.stroke };
  }));
}

export async function testGraph(browser, site, base, { check, watchedPage, axeViolations, types, problems, origin }) {
  const root = `${origin}${base}`;
  const file = join(site.dir, "graph", "index.html");
  if (!existsSync(file) || !readFileSync(file, "utf8").includes("class=\"rel ")) return;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await watchedPage(context, problems, origin);
  await page.goto(root + types.graph, { waitUntil: "load" });

  // the legend tells the families apart without colour, and matches the drawing
  const legend = await legendStyles(page);
  const looks = legend.map((l) => `${l.dash}|${l.width}|${l.double}`);
  check(legend.length > 0 && new Set(looks).size === legend.length, `${site.name}: the legend's ${legend.length} line styles differ without colour`, JSON.stringify(legend));
  const drawn = await page.$$eval(".actor-graph .rel", (edges) => {
    const byFamily = {};
    for (const edge of edges) {
      const family = [...edge.classList].find((c) => c.startsWith("fam-"));
      const line = getComputedStyle(edge.querySelector(".line"));
      byFamily[family] = { dash: line.strokeDasharray, colour: line.stroke };
    }
    return byFamily;
  });
  const mismatched = legend.filter((l) => !drawn[l.family] || drawn[l.family].dash !== l.dash || drawn[l.family].colour !== l.colour);
  check(mismatched.length === 0 && Object.keys(drawn).length === legend.length, `${site.name}: each legend entry looks like the edges of its family`, JSON.stringify({ mismatched, drawn }));

  // the type on hover (<title>) and on keyboard focus (a focusable link with that name)
  const edge = page.locator(".actor-graph a.rel").first();
  const title = await edge.evaluate((a) => a.querySelector("title").textContent);
  const relationTypes = await page.$$eval(".relation-list .relation-type", (spans) => spans.map((s) => s.textContent.trim()));
  check(relationTypes.some((type) => type && title.includes(type)), `${site.name}: an edge's title names its relation type ("${title}")`);
  await edge.focus();
  const focusedName = await page.evaluate(() => document.activeElement.matches("a.rel") && document.activeElement.querySelector("title").textContent);
  check(focusedName === title, `${site.name}: an edge takes keyboard focus`);
  const href = await edge.getAttribute("href");
  check(href.startsWith(`${base}graph/#relation-`) && (await page.$(`[id="${href.split("#")[1]}"]`)) !== null, `${site.name}: an edge links to its row in the relations list (${href})`);

  // pointing at an actor brings out its relations and fades the rest; leaving it ends that
  const node = page.locator(".actor-graph a.node").first();
  await node.hover();
  const traced = await page.evaluate(() => {
    const svg = document.querySelector(".actor-graph");
    const id = document.querySelector(".actor-graph a.node").dataset.id;
    const edges = [...svg.querySelectorAll(".rel")];
    const near = edges.filter((e) => e.classList.contains("is-near"));
    return { tracing: svg.classList.contains("is-tracing"), near: near.length, right: near.every((e) => e.dataset.nodes.split(" ").includes(id)), faded: edges.length - near.length };
  });
  await page.mouse.move(1275, 5);
  const untraced = await page.evaluate(() => !document.querySelector(".actor-graph").classList.contains("is-tracing"));
  check(traced.tracing && traced.near > 0 && traced.right && untraced, `${site.name}: pointing at an actor brings out its ${traced.near} relations`, JSON.stringify(traced));

  // the year filter narrows the drawing and the list
  const filter = await page.$(".year-filter");
  if (filter) {
    const visible = await filter.isVisible();
    check(visible, `${site.name}: with JavaScript the year filter shows`);
    const total = await page.$$eval(".actor-graph .rel", (edges) => edges.length);
    const rowsTotal = await page.$$eval(".relation-list > li", (rows) => rows.length);
    const years = await page.$$eval(".year-filter option", (options) => options.map((o) => o.value).filter(Boolean));
    // every year: exactly the relations that held then, in the drawing and in the list
    const results = [];
    for (const year of years) {
      await page.selectOption(".year-filter select", year);
      results.push(await page.evaluate((year) => {
        const y = Number(year);
        const held = (el) => (!el.dataset.since || Number(el.dataset.since) <= y) && (!el.dataset.until || y <= Number(el.dataset.until));
        const shows = (el) => getComputedStyle(el).display !== "none";
        const edges = [...document.querySelectorAll(".actor-graph .rel")];
        const rows = [...document.querySelectorAll(".relation-list > li")];
        return {
          year,
          shown: edges.filter(shows).length,
          rows: rows.filter((r) => !r.hidden).length,
          wrong: edges.filter((e) => held(e) !== shows(e)).length + rows.filter((r) => held(r) === r.hidden).length,
          output: document.querySelector(".year-filter output").textContent,
        };
      }, year));
    }
    const wrong = results.filter((r) => r.wrong > 0 || !r.output.includes(String(r.shown)));
    const narrowed = results.filter((r) => r.shown < total && r.rows < rowsTotal).length;
    check(years.length > 0 && wrong.length === 0, `${site.name}: in each of ${years.length} years the filter shows exactly the relations of that year, in the drawing and the list (${narrowed} years narrow it)`, JSON.stringify({ wrong: wrong.slice(0, 3), total, rowsTotal }));
    const sparse = results.find((r) => r.shown < total) || results[0];
    await page.selectOption(".year-filter select", sparse.year);
    const violations = await axeViolations(page);
    check(violations.length === 0, `${site.name}: axe with the year filter set`, violations.join("\n"));
    await page.selectOption(".year-filter select", "");
    const back = await page.$$eval(".actor-graph .rel", (edges) => edges.filter((e) => getComputedStyle(e).display !== "none").length);
    check(back === total, `${site.name}: "all years" shows every relation again`);
  }

  // dark mode and print keep the legend readable (dark colours differ; print keeps the dashes)
  await page.emulateMedia({ media: "print" });
  const printed = await legendStyles(page);
  check(new Set(printed.map((l) => `${l.dash}|${l.width}|${l.double}`)).size === printed.length, `${site.name}: printed, the line styles still differ`);
  await page.emulateMedia({ media: "screen", colorScheme: "dark" });
  const dark = await legendStyles(page);
  check(dark.every((l, i) => l.colour !== legend[i].colour), `${site.name}: the legend has its own colours in dark mode`);
  await context.close();

  // an actor's neighbourhood has a legend too
  if (types.actor) {
    const html = readFileSync(join(site.dir, types.actor, "index.html"), "utf8");
    if (html.includes("graph-figure neighbourhood")) check(html.includes("class=\"relation-legend\""), `${site.name}: the actor's neighbourhood graph has a legend`);
  }

  // without JavaScript: no filter, the whole graph and the whole list
  {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(root + types.graph, { waitUntil: "load" });
    const state = await page.evaluate(() => ({
      filter: !!document.querySelector(".year-filter") && document.querySelector(".year-filter").offsetParent !== null,
      hiddenEdges: [...document.querySelectorAll(".actor-graph .rel")].filter((e) => getComputedStyle(e).display === "none").length,
      hiddenRows: [...document.querySelectorAll(".relation-list > li")].filter((r) => r.hidden).length,
      legend: document.querySelectorAll(".relation-legend li").length,
    }));
    check(!state.filter && state.hiddenEdges === 0 && state.hiddenRows === 0 && state.legend > 0, `${site.name}: without JavaScript no year filter, every relation and the legend show`, JSON.stringify(state));
    await noJs.close();
  }
}

/** The README's screenshot of a preview: a link on an actor page with its card open. */
export async function previewScreenshot(browser, site, base, out, types) {
  const pages = previewPages(site.dir);
  if (!pages || !types.actor) return null;
  const root = `http://127.0.0.1:${site.port}${base}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(root + types.actor, { waitUntil: "load" });
  const links = await mainLinks(page, root);
  const target = links.find((l) => l.citation) || links.find((l) => !l.here && !l.svg && l.key && pages[l.key]);
  if (!target) { await context.close(); return null; }
  const link = page.locator("main a[href]").nth(target.index);
  await link.scrollIntoViewIfNeeded();
  await link.hover();
  await previewShown(page);
  // from the top of the paragraph or list item the link is in, down to below the card
  const box = await link.evaluate((a, selector) => {
    const tip = document.querySelector(selector).getBoundingClientRect();
    const block = (a.closest("p, li") || a).getBoundingClientRect();
    return { top: Math.min(block.top, tip.top), bottom: tip.bottom };
  }, PREVIEW);
  const top = Math.max(0, Math.floor(box.top) - 24);
  const file = join(out, "preview-1280.png");
  await page.screenshot({ path: file, clip: { x: 0, y: top, width: 1280, height: Math.min(900 - top, Math.ceil(box.bottom - top) + 40) } });
  await context.close();
  return file;
}
