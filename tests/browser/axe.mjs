// Audits pages of a built site with axe-core in headless chromium and fails
// on any serious or critical violation, in light and in dark mode.
// Usage: node axe.mjs SITE_DIR BASE_PATH PAGE...
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { serve, chromiumPath, LAUNCH_ARGS } from "./serve.mjs";

const [dir, base, ...pages] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const server = await serve(dir, base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
let failures = 0;
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(origin + base + p, { waitUntil: "load", timeout: 20000 });
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of bad) {
        failures++;
        console.log(`${scheme} ${base}${p}: [${v.impact}] ${v.id}: ${v.help}`);
        for (const n of v.nodes.slice(0, 3)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`);
      }
      console.log(`${scheme} ${base}${p}: ${bad.length} serious or critical, ${result.violations.length - bad.length} minor`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(failures === 0 ? "axe: no serious or critical violations" : `axe: ${failures} serious or critical violations`);
process.exit(failures === 0 ? 0 : 1);
