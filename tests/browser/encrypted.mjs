// An encrypted build in Chromium, under a base path: unlock a page with the
// passphrase, read it, follow a link without being asked again, search,
// see a decrypted picture, lock, and see a wrong passphrase refused.
// Usage: COFFEECHAT_PASSPHRASE=… node encrypted.mjs SITE_DIR BASE_PATH PLAN.json
// PLAN.json: { start, startText, link, linkText, query, resultHref, picture,
//              download, downloadName, salt, shots }
import { chromium } from "playwright-core";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromiumPath, LAUNCH_ARGS } from "./serve.mjs";

// Like GitHub Pages: files under the base path, a folder's index.html, and
// 404.html (status 404) for anything missing.
function serve(dir, base) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = url.startsWith(base) ? path.join(root, url.slice(base.length)) : null;
    if (file && !file.startsWith(root)) file = null;
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    let status = 200;
    if (!file || !fs.existsSync(file)) { file = path.join(root, "404.html"); status = 404; }
    const type = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" }[path.extname(file)];
    res.writeHead(status, { "content-type": type || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const [dir, base, planFile] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, "utf8"));
const passphrase = process.env.COFFEECHAT_PASSPHRASE;
const server = await serve(dir, base);
const origin = `http://127.0.0.1:${server.address().port}`;
// A fresh profile every run, removed afterwards.
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "coffeechat-encrypted-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  args: ["--headless", ...LAUNCH_ARGS],
  viewport: { width: 1100, height: 800 },
  acceptDownloads: true,
});
const problems = [];
function check(ok, what) {
  console.log((ok ? "ok: " : "FAIL: ") + what);
  if (!ok) problems.push(what);
}
try {
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Failed loads are judged by the response handler below, which knows
  // when a 404 is expected.
  // The hostile markup added to the start page trips the Content-Security-
  // Policy (Chromium checks inline handlers as DOMParser reads them): that
  // is counted apart, as proof the policy is on; anything else is an error.
  const blocked = [];
  page.on("console", (m) => {
    if (m.type() !== "error" || /^Failed to load resource/.test(m.text())) return;
    const where = new URL(page.url()).pathname;
    if (where === plan.start && /violates the following Content Security Policy/.test(m.text())) blocked.push(m.text());
    else errors.push(`${m.text()} at ${where} ${JSON.stringify(m.location())}`);
  });
  let expect404 = false;
  page.on("response", (r) => { if (r.status() >= 400 && !expect404) errors.push(`${r.status()} ${r.url()}`); });

  await page.goto(origin + plan.start, { waitUntil: "load", timeout: 20000 });
  await page.waitForSelector("input[type=password]", { timeout: 10000 });
  check(!(await page.textContent("body")).includes(plan.startText), "the locked page does not show the note");
  if (plan.shots) await page.screenshot({ path: `${plan.shots}/locked.png` });

  await page.fill("input[type=password]", passphrase);
  await page.press("input[type=password]", "Enter");
  await page.waitForSelector("html[data-unlocked]", { timeout: 20000 });
  check((await page.textContent("main")).includes(plan.startText), `the unlocked page reads "${plan.startText}"`);
  check((await page.$("input[type=password]")) === null, "the password field is gone");
  const stored = await page.evaluate(() => Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]));
  check(stored.length === 1 && stored[0][0].startsWith(`coffeechat-key:${plan.salt}:`), "one key kept in sessionStorage, scoped by salt");
  check(!stored.some(([, v]) => v.includes(passphrase)), "the passphrase itself is not stored");
  if (plan.picture) {
    const width = await page.$eval(plan.picture, (img) => img.complete ? img.naturalWidth : -1).catch(() => -1);
    check(width > 0, `the sealed picture is decrypted and shown (width ${width})`);
  }
  if (plan.shots) await page.screenshot({ path: `${plan.shots}/unlocked.png` });
  // The decrypted page is inert: its script, handlers and javascript: link do nothing.
  await page.click("#inert");
  await page.click("#js-link").catch(() => {});
  check(await page.evaluate(() => window.pwned === undefined && !document.querySelector("#inert[onclick]")), "scripts, handlers and javascript: links in a decrypted page do not run");
  check(blocked.length > 0, `the Content-Security-Policy blocked the inline handler (${blocked.length} report(s))`);

  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`main a[href="${plan.link}"]`)]);
  await page.waitForSelector("html[data-unlocked]", { timeout: 20000 });
  check(new URL(page.url()).pathname === plan.link, `followed the link to ${plan.link}`);
  check((await page.textContent("main")).includes(plan.linkText), `the linked page, unlocked without asking, reads "${plan.linkText}"`);

  await page.fill("#search-input", plan.query);
  await page.waitForSelector(".search-results li a", { timeout: 10000 });
  const results = await page.$$eval(".search-results li a", (as) => as.map((a) => a.getAttribute("href")));
  check(results.includes(plan.resultHref), `a search for "${plan.query}" finds ${plan.resultHref} (got ${results.join(", ")})`);

  await page.goto(origin + plan.download, { waitUntil: "load" });
  await page.waitForSelector("html[data-unlocked]", { timeout: 20000 });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("main a[data-sealed-name]")]);
  const ics = fs.readFileSync(await download.path(), "utf8");
  check(download.suggestedFilename() === plan.downloadName && ics.startsWith("BEGIN:VCALENDAR"), `a sealed .ics downloads decrypted as ${download.suggestedFilename()}`);

  expect404 = true;
  await page.goto(origin + base + "no-such-page/", { waitUntil: "load" });
  await page.waitForSelector("html[data-unlocked]", { timeout: 20000 });
  check((await page.textContent("main")).includes("Page not found"), "the 404 page opens at a missing URL");
  expect404 = false;

  await page.goto(origin + plan.link, { waitUntil: "load" });
  await page.waitForSelector("html[data-unlocked]", { timeout: 20000 });
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#unlock-lock")]);
  await page.waitForSelector("input[type=password]", { timeout: 10000 });
  check(await page.evaluate(() => sessionStorage.length === 0), "lock forgets the key");
  check(!(await page.textContent("body")).includes(plan.linkText), "the locked page hides the note again");

  await page.fill("input[type=password]", passphrase + " not it");
  await page.press("input[type=password]", "Enter");
  await page.waitForFunction(() => /Wrong passphrase/.test(document.getElementById("unlock-message").textContent), null, { timeout: 20000 });
  check(true, "a wrong passphrase says so: " + (await page.textContent("#unlock-message")));
  check(await page.evaluate(() => sessionStorage.length === 0), "a wrong passphrase stores nothing");
  check(!(await page.textContent("body")).includes(plan.linkText), "a wrong passphrase shows nothing");
  check(errors.length === 0, "no script errors or CSP violations: " + errors.join(" | "));
} finally {
  await context.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (problems.length) {
  console.log(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log("encrypted site: all browser checks passed");
