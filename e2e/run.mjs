// The default theme's quality bar, in a real browser: valid HTML (the Nu Html Checker), no
// accessibility violations (axe-core, WCAG 2.1 A and AA) on every page type in light and dark,
// and what only a browser shows: search, the timeline filter, the dark-mode toggle, no console
// errors or failed requests, no horizontal scrolling at 390 px, and (reader.mjs) link previews
// and the relations graph's legend and year filter. Optionally takes the README's screenshots.
//
//   node run.mjs --site NAME=PORT:DIR [--site …] [--base /kz-ua/] [--screenshots DIR]
//
// Each site is served from DIR at http://127.0.0.1:PORT/kz-ua/ only (everything else is a
// 404), as GitHub Pages serves a project page; the sites must have been built for that URL.

import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, readFileSync, readdirSync, statSync, mkdirSync } from "node:fs";
import { extname, join, normalize, resolve, sep, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { previewScreenshot, testGraph, testPreviews } from "./reader.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const AXE_SOURCE = readFileSync(join(HERE, "node_modules/axe-core/axe.min.js"), "utf8");
const VNU_JAR = join(HERE, "node_modules/vnu-jar/build/dist/vnu.jar");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// ---------------------------------------------------------------------------------------
// arguments and the report

const args = { sites: [], base: "/kz-ua/", screenshots: null };
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === "--site" || arg === "--pages") {
    const [name, rest] = process.argv[++i].split("=");
    const [port, ...dir] = rest.split(":");
    // --pages: a fixture checked page by page (valid HTML, axe), without the whole-site checks
    args.sites.push({ name, port: Number(port), dir: resolve(dir.join(":")), pagesOnly: arg === "--pages" });
  } else if (arg === "--base") {
    args.base = process.argv[++i];
  } else if (arg === "--screenshots") {
    args.screenshots = resolve(process.argv[++i]);
  } else {
    console.error(`unknown argument: ${arg}`);
    process.exit(2);
  }
}
if (args.sites.length === 0) {
  console.error("usage: node run.mjs --site NAME=PORT:DIR [--site …] [--screenshots DIR]");
  process.exit(2);
}

const failures = [];
let passed = 0;
function check(ok, what, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`  ok    ${what}`);
  } else {
    failures.push(`${what}${detail ? `\n${indent(detail)}` : ""}`);
    console.log(`  FAIL  ${what}${detail ? `\n${indent(detail)}` : ""}`);
  }
}
function indent(text) {
  return String(text).split("\n").map((line) => `        ${line}`).join("\n");
}

// ---------------------------------------------------------------------------------------
// a static server that serves a folder under the base path only

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
  ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".wasm": "application/wasm",
  ".woff2": "font/woff2", ".pdf": "application/pdf",
};

function serve(dir, port, base) {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    const send = (status, file) => {
      const body = readFileSync(file);
      response.writeHead(status, {
        "Content-Type": TYPES[extname(file).toLowerCase()] || "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-store",
      });
      response.end(request.method === "HEAD" ? undefined : body);
    };
    const notFound = () => {
      const page = join(root, "404.html");
      if (existsSync(page)) send(404, page);
      else { response.writeHead(404); response.end("not found"); }
    };
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    } catch {
      response.writeHead(400); response.end(); return;
    }
    if (!path.startsWith(base)) {
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("not found: outside the base path");
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) { notFound(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        response.writeHead(301, { Location: `${path}/` }); response.end(); return;
      }
      file = join(file, "index.html");
    }
    if (existsSync(file) && statSync(file).isFile()) send(200, file);
    else notFound();
  });
  return new Promise((done) => server.listen(port, "127.0.0.1", () => done(server)));
}

// ---------------------------------------------------------------------------------------
// the site's pages

function htmlFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...htmlFiles(path));
    else if (entry.name.endsWith(".html")) found.push(path);
  }
  return found;
}

function firstDir(dir, preferred = []) {
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return preferred.find((name) => names.includes(name)) || names[0] || null;
}

/** One page of each type, as paths under the base path. */
function pageTypes(dir) {
  const types = { home: "", actors: "actors/", notes: "notes/", sources: "sources/", timeline: "timeline/", graph: "graph/", evidence: "evidence/", tags: "tags/", print: "print/", data: "data/", "404": "does-not-exist/" };
  const actor = firstDir(join(dir, "actors"), ["tokajew"]);
  if (actor) types.actor = `actors/${actor}/`;
  const note = firstDir(join(dir, "notes"), ["faktencheck", "oel-und-pipelines"]);
  if (note) types.note = `notes/${note}/`;
  const source = firstDir(join(dir, "sources"), ["paz-2025-10-05", "paz"]);
  if (source) types.source = `sources/${source}/`;
  const tag = firstDir(join(dir, "tags"));
  if (tag) types.tag = `tags/${tag}/`;
  if (existsSync(join(dir, "search", "index.html"))) types.search = "search/";
  // only a dossier in a git checkout has a history
  if (existsSync(join(dir, "changes", "index.html"))) types.changes = "changes/";
  return types;
}

// ---------------------------------------------------------------------------------------
// the Nu Html Checker

function validate(site) {
  const files = htmlFiles(site.dir);
  const run = spawnSync("java", ["-Xss4m", "-jar", VNU_JAR, "--format", "json", "--exit-zero-always", ...files], {
    encoding: "utf8", maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) {
    check(false, `${site.name}: the Nu Html Checker ran`, run.error ? run.error.message : run.stderr);
    return;
  }
  let messages = [];
  try {
    messages = JSON.parse(run.stderr || run.stdout).messages || [];
  } catch (error) {
    check(false, `${site.name}: the Nu Html Checker's report is JSON`, String(error));
    return;
  }
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const warnings = messages.filter((m) => m.type === "info" && m.subType === "warning");
  const listed = errors.slice(0, 40).map((m) => `${m.url.replace(`file:${site.dir}/`, "")}:${m.lastLine ?? "?"}: ${m.message}`);
  if (errors.length > 40) listed.push(`… and ${errors.length - 40} more`);
  check(errors.length === 0, `${site.name}: ${files.length} HTML pages valid (Nu Html Checker: ${errors.length} errors, ${warnings.length} warnings)`, listed.join("\n"));
}

// ---------------------------------------------------------------------------------------
// browser checks

const LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

/** A page that records console errors, page errors, CSP violations and failed requests. */
async function watchedPage(context, problems, origin) {
  const page = await context.newPage();
  page.on("console", (message) => {
    // the 404 page is loaded on purpose; Chromium logs its status as an error
    const expected404 = page.url().includes("does-not-exist") && message.text().includes("404");
    if (message.type() === "error" && !expected404) problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on("requestfailed", (request) => {
    // ERR_ABORTED: a request the next navigation cancelled, not a failure of the site
    const error = request.failure()?.errorText || "";
    if (!error.includes("ERR_ABORTED")) problems.push(`request failed: ${request.url()} (${error})`);
  });
  page.on("response", (response) => {
    const url = response.url();
    if (response.status() >= 400 && !url.includes("does-not-exist")) problems.push(`HTTP ${response.status()}: ${url}`);
  });
  page.on("request", (request) => {
    const url = request.url();
    // chrome:// and chrome-extension://: the browser's own PDF viewer, inside an embedded PDF
    const browserOwn = url.startsWith("chrome://") || url.startsWith("chrome-extension://");
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:") && !browserOwn) problems.push(`request to another origin: ${url}`);
  });
  return page;
}

async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1, 3).join(" ")}`).join("\n")}`);
  }, WCAG_TAGS);
}

async function testSite(browser, site, base) {
  const origin = `http://127.0.0.1:${site.port}`;
  const root = `${origin}${base}`;
  const types = pageTypes(site.dir);
  console.log(`\n${site.name}: ${root} (${Object.keys(types).length} page types)`);
  const problems = [];

  // axe in light and dark: the system's scheme, and the toggle over a light system
  for (const scheme of ["light", "dark", "toggle"]) {
    const context = await browser.newContext({ colorScheme: scheme === "dark" ? "dark" : "light", viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context, problems, origin);
    for (const [type, path] of Object.entries(types)) {
      await page.goto(root + path, { waitUntil: "load" });
      if (scheme === "toggle" && (await page.evaluate(() => document.documentElement.dataset.theme)) !== "dark") {
        await page.click(".theme-toggle");
        const theme = await page.evaluate(() => document.documentElement.dataset.theme);
        if (theme !== "dark") { check(false, `${site.name}: the toggle makes ${type} dark`, `data-theme=${theme}`); continue; }
      }
      if (type === "search") {
        await page.fill("#search-input", "Tokajew");
        await page.waitForSelector(".search-result", { timeout: 10000 }).catch(() => {});
      }
      const violations = await axeViolations(page);
      check(violations.length === 0, `${site.name}: axe, ${type}, ${scheme}`, violations.join("\n"));
    }
    await context.close();
  }

  // no horizontal scrolling at 390 px
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const page = await watchedPage(context, problems, origin);
    for (const [type, path] of Object.entries(types)) {
      await page.goto(root + path, { waitUntil: "load" });
      const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
      check(width <= 390, `${site.name}: no horizontal scroll at 390 px, ${type} (scrollWidth ${width})`);
    }
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await watchedPage(context, problems, origin);

  // search finds a known actor
  if (types.search) {
    await page.goto(root + types.search, { waitUntil: "load" });
    await page.fill("#search-input", "Tokajew");
    const found = await page.waitForSelector(`.search-result a[href="${base}actors/tokajew/"]`, { timeout: 15000 }).then(() => true, () => false);
    const titles = await page.$$eval(".search-result-title", (nodes) => nodes.map((n) => n.textContent.trim()));
    check(found, `${site.name}: search for "Tokajew" finds actors/tokajew/`, `results: ${titles.join(" | ") || "(none)"}`);
    // the header field leads to the search page with the query
    await page.goto(root, { waitUntil: "load" });
    await page.fill("#header-search-input", "Kasachstan");
    await page.press("#header-search-input", "Enter");
    await page.waitForURL(/search\/\?q=Kasachstan/, { timeout: 10000 }).catch(() => {});
    const more = await page.waitForSelector(".search-result", { timeout: 15000 }).then(() => true, () => false);
    check(more, `${site.name}: the header's search field leads to results`, page.url());
    // German stemming: "Präsidenten" finds pages that only say "Präsident"
    if (readFileSync(join(site.dir, types.actor || "", "index.html"), "utf8").includes("Präsident")) {
      await page.fill("#search-input", "Präsidenten");
      const stemmed = await page.waitForSelector(".search-result", { timeout: 15000 }).then(() => true, () => false);
      check(stemmed, `${site.name}: search stems German ("Präsidenten")`);
    }
  } else {
    check(false, `${site.name}: the site has a search page`);
  }

  // a timeline filter narrows the list, and works from the URL
  await page.goto(root + types.timeline, { waitUntil: "load" });
  const all = await page.$$eval(".timeline li.event", (items) => items.length);
  const option = await page.$eval("#filter-actor", (select) => select.options[1] && select.options[1].value).catch(() => null);
  if (option) {
    await page.selectOption("#filter-actor", option);
    const shown = await page.$$eval(".timeline li.event", (items) => items.filter((li) => !li.hidden && li.offsetParent !== null).length);
    check(shown > 0 && shown < all, `${site.name}: the actor filter narrows the timeline (${shown} of ${all})`);
    const wrong = await page.$$eval(".timeline li.event", (items, slug) => items.filter((li) => !li.hidden && !li.dataset.actors.split(" ").includes(slug)).length, option);
    check(wrong === 0, `${site.name}: only the chosen actor's events are shown`);
    await page.reload({ waitUntil: "load" });
    const kept = await page.$eval("#filter-actor", (select) => select.value);
    check(kept === option, `${site.name}: the filter survives a reload (?actor=${option})`);
    const tagOption = await page.$eval("#filter-tag", (select) => select.options[1] && select.options[1].value).catch(() => null);
    if (tagOption) {
      await page.click(".filter-form button[type=reset]");
      await page.selectOption("#filter-tag", tagOption);
      const byTag = await page.$$eval(".timeline li.event", (items) => items.filter((li) => !li.hidden).length);
      check(byTag > 0 && byTag < all, `${site.name}: the tag filter narrows the timeline (${byTag} of ${all})`);
    }
  } else {
    check(false, `${site.name}: the timeline has an actor filter`);
  }

  // dark mode toggles and persists
  await page.goto(root, { waitUntil: "load" });
  const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click(".theme-toggle");
  const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const pressed = await page.getAttribute(".theme-toggle", "aria-pressed");
  check(lightBg !== darkBg && pressed === "true", `${site.name}: the toggle switches to dark (${lightBg} → ${darkBg})`);
  await page.goto(root + (types.actor || "actors/"), { waitUntil: "load" });
  const persisted = await page.evaluate(() => [document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor]);
  check(persisted[0] === "dark" && persisted[1] === darkBg, `${site.name}: dark mode persists on the next page (${persisted.join(", ")})`);
  await page.reload({ waitUntil: "load" });
  const afterReload = await page.getAttribute(".theme-toggle", "aria-pressed");
  check(afterReload === "true", `${site.name}: dark mode persists across a reload`);
  await page.click(".theme-toggle");
  await page.reload({ waitUntil: "load" });
  const backToLight = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(backToLight === lightBg, `${site.name}: choosing light again sticks`);
  await context.close();

  // an explicit light choice wins over a dark system
  {
    const dark = await browser.newContext({ colorScheme: "dark" });
    const page = await watchedPage(dark, problems, origin);
    await page.goto(root, { waitUntil: "load" });
    const systemDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.click(".theme-toggle");
    const chosenLight = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(systemDark !== chosenLight && chosenLight === lightBg, `${site.name}: light chosen on a dark system is light (${systemDark} → ${chosenLight})`);
    await dark.close();
  }

  // without JavaScript: the search box is a link, the filters are links, the graph is there
  {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(root, { waitUntil: "load" });
    const searchLink = await page.$eval(".search-link", (a) => a.getAttribute("href")).catch(() => null);
    check(searchLink === `${base}search/`, `${site.name}: without JavaScript the search box is a link to ${base}search/`);
    if (types.search) {
      await page.goto(root + types.search, { waitUntil: "load" });
      const indexes = await page.$$eval(".index-links a", (links) => links.length);
      check(indexes >= 5, `${site.name}: without JavaScript the search page lists the indexes (${indexes})`);
    }
    await page.goto(root + types.timeline, { waitUntil: "load" });
    const filterLinks = await page.$$eval(".timeline-filters a[data-actor], .timeline-filters a[data-tag]", (links) => links.length);
    check(filterLinks > 0, `${site.name}: without JavaScript the timeline filters are links (${filterLinks})`);
    await page.goto(root + types.graph, { waitUntil: "load" });
    const nodes = await page.$$eval("svg.actor-graph a.node", (links) => links.length);
    const hasRelations = existsSync(join(site.dir, "graph", "index.html")) && readFileSync(join(site.dir, "graph", "index.html"), "utf8").includes("actor-graph");
    check(!hasRelations || nodes > 1, `${site.name}: without JavaScript the graph shows its ${nodes} nodes as links`);
    await noJs.close();
  }

  // the 404 page works under the base path
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${root}some/deep/missing/page/`, { waitUntil: "load" });
    const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily.includes("system-ui"));
    const home = await page.$eval(".site-title", (a) => a.href);
    check(response.status() === 404 && styled && home === root, `${site.name}: the 404 page has its styles and links under ${base}`);
    await context.close();
  }

  // link previews, and the graph's legend and year filter (reader.mjs)
  const helpers = { check, watchedPage, axeViolations, types, problems, origin };
  await testPreviews(browser, site, base, helpers);
  await testGraph(browser, site, base, helpers);

  check(problems.length === 0, `${site.name}: no console errors, CSP violations or failed requests`, [...new Set(problems)].slice(0, 30).join("\n"));
}

/** Every note page of a fixture: axe in light and dark, and no console errors or failed requests. */
async function testPages(browser, site, base) {
  const origin = `http://127.0.0.1:${site.port}`;
  const root = `${origin}${base}`;
  const notes = join(site.dir, "notes");
  const paths = ["", ...(existsSync(notes) ? readdirSync(notes, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `notes/${e.name}/`).sort() : [])];
  console.log(`\n${site.name}: ${root} (${paths.length} pages)`);
  const problems = [];
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context, problems, origin);
    for (const path of paths) {
      await page.goto(root + path, { waitUntil: "load" });
      // folded callouts open, so that axe sees their content too
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
      const violations = await axeViolations(page);
      check(violations.length === 0, `${site.name}: axe, ${path || "home"}, ${scheme}`, violations.join("\n"));
    }
    await context.close();
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, problems, origin);
  for (const path of paths) {
    await page.goto(root + path, { waitUntil: "load" });
    // the images of mermaid diagrams load and draw (they are lazy: asked for now)
    if (await page.$(".diagram img")) {
      const broken = await page.evaluate(async () => {
        const images = [...document.querySelectorAll(".diagram img")];
        await Promise.all(images.map((img) => { img.loading = "eager"; return img.decode().catch(() => {}); }));
        return images.filter((img) => img.naturalWidth === 0).map((img) => img.getAttribute("src"));
      });
      check(broken.length === 0, `${site.name}: diagrams drawn, ${path}`, broken.join("\n"));
    }
    // folded callouts print unfolded
    if (await page.$("details.callout:not([open])")) {
      const folded = () => page.evaluate(() => [...document.querySelectorAll("details.callout:not([open]) > .callout-content")].filter((c) => !c.checkVisibility()).length);
      const onScreen = await folded();
      await page.emulateMedia({ media: "print" });
      const printed = await folded();
      await page.emulateMedia({ media: null });
      check(onScreen > 0 && printed === 0, `${site.name}: folded callouts print unfolded, ${path}`, `hidden on screen: ${onScreen}, in print: ${printed}`);
    }
  }
  await context.close();
  check(problems.length === 0, `${site.name}: no console errors, CSP violations or failed requests`, [...new Set(problems)].slice(0, 30).join("\n"));
}

async function screenshots(browser, site, base, out) {
  mkdirSync(out, { recursive: true });
  const root = `http://127.0.0.1:${site.port}${base}`;
  const types = pageTypes(site.dir);
  const shots = { home: "", actor: types.actor, timeline: "timeline/", graph: "graph/" };
  for (const [width, height, scale] of [[1280, 900, 1], [390, 844, 2]]) {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, colorScheme: "light", isMobile: width < 600, hasTouch: width < 600 });
    const page = await context.newPage();
    for (const [name, path] of Object.entries(shots)) {
      if (path === undefined) continue;
      await page.goto(root + path, { waitUntil: "load" });
      const file = join(out, `${name}-${width}.png`);
      // the graph page down to the end of the drawing; the others as the reader first sees them
      const figure = name === "graph" ? await page.$eval(".graph-figure", (f) => f.getBoundingClientRect().bottom + 16).catch(() => 0) : 0;
      if (figure > height) await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height: Math.ceil(figure) }, fullPage: true });
      else await page.screenshot({ path: file });
      console.log(`  wrote ${file}`);
    }
    await context.close();
  }
  const preview = await previewScreenshot(browser, site, base, out, types);
  if (preview) console.log(`  wrote ${preview}`);
}

// ---------------------------------------------------------------------------------------

const servers = [];
for (const site of args.sites) servers.push(await serve(site.dir, site.port, args.base));
const browser = await chromium.launch(LAUNCH);
try {
  for (const site of args.sites) {
    console.log(`\n${site.name}: Nu Html Checker on ${site.dir}`);
    validate(site);
    if (site.pagesOnly) await testPages(browser, site, args.base);
    else await testSite(browser, site, args.base);
  }
  if (args.screenshots) {
    console.log(`\nscreenshots of ${args.sites[0].name} → ${args.screenshots}`);
    await screenshots(browser, args.sites[0], args.base, args.screenshots);
  }
} finally {
  await browser.close();
  for (const server of servers) server.close();
}

console.log(`\n${passed} checks passed, ${failures.length} failed`);
if (failures.length) {
  console.log("\nFailures:");
  for (const failure of failures) console.log(`- ${failure}`);
  process.exit(1);
}
