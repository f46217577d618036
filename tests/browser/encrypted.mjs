// An encrypted build in Chromium, under a base path: unlock a page with the
// passphrase, read it, follow a link without being asked again, search,
// see a decrypted picture, lock, and see a wrong passphrase refused.
// Usage: COFFEECHAT_PASSPHRASE=… node encrypted.mjs SITE_DIR BASE_PATH PLAN.json
// PLAN.json: { start, startText, link, linkText, query, resultHref, picture, shots }
import { chromium } from "playwright-core";
import fs from "node:fs";
import { serve, chromiumPath, LAUNCH_ARGS } from "./serve.mjs";

const [dir, base, planFile] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, "utf8"));
const passphrase = process.env.COFFEECHAT_PASSPHRASE;
const server = await serve(dir, base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
const problems = [];
function check(ok, what) {
  console.log((ok ? "ok: " : "FAIL: ") + what);
  if (!ok) problems.push(what);
}
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });

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
  check(stored.length === 1 && stored[0][0].startsWith("coffeechat-key:"), "one key kept in sessionStorage, scoped by salt");
  check(!stored.some(([, v]) => v.includes(passphrase)), "the passphrase itself is not stored");
  if (plan.picture) {
    const width = await page.$eval(plan.picture, (img) => img.complete ? img.naturalWidth : -1).catch(() => -1);
    check(width > 0, `the sealed picture is decrypted and shown (width ${width})`);
  }
  if (plan.shots) await page.screenshot({ path: `${plan.shots}/unlocked.png` });

  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`main a[href="${plan.link}"]`)]);
  await page.waitForSelector("html[data-unlocked]", { timeout: 20000 });
  check(new URL(page.url()).pathname === plan.link, `followed the link to ${plan.link}`);
  check((await page.textContent("main")).includes(plan.linkText), `the linked page, unlocked without asking, reads "${plan.linkText}"`);

  await page.fill("#search-input", plan.query);
  await page.waitForSelector(".search-results li a", { timeout: 10000 });
  const results = await page.$$eval(".search-results li a", (as) => as.map((a) => a.getAttribute("href")));
  check(results.includes(plan.resultHref), `a search for "${plan.query}" finds ${plan.resultHref} (got ${results.join(", ")})`);

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
  await context.close();
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.log(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log("encrypted site: all browser checks passed");
