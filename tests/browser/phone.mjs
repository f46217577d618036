// Every page of a built site at a phone's width (390 x 844), light and
// dark: reports each page's scrollWidth and fails when one scrolls
// sideways, naming the widest elements. With SHOTS=DIR, also saves a
// screenshot of the top of each page there.
// Usage: node phone.mjs SITE_DIR BASE_PATH PAGE...
import { chromium } from "playwright-core";
import fs from "node:fs";
import { serve, chromiumPath, LAUNCH_ARGS } from "./serve.mjs";

const [dir, base, ...pages] = process.argv.slice(2);
const shots = process.env.SHOTS;
if (shots) fs.mkdirSync(shots, { recursive: true });
const server = await serve(dir, base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
const WIDTH = 390;
let failures = 0;
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(origin + base + p, { waitUntil: "load", timeout: 20000 });
      const m = await page.evaluate((width) => {
        const doc = document.documentElement;
        // Elements sticking out of the viewport, not inside a box that
        // scrolls on purpose (overflow-x: auto), widest first.
        const scrolls = (e) => {
          for (let a = e.parentElement; a; a = a.parentElement) {
            const o = getComputedStyle(a).overflowX;
            if (o === "auto" || o === "scroll" || o === "hidden") return true;
          }
          return false;
        };
        const wide = [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !scrolls(e))
          .map((e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""} (${Math.round(e.getBoundingClientRect().right)})`)
          .slice(0, 5);
        const header = document.querySelector(".site-header");
        return { scrollWidth: doc.scrollWidth, height: doc.scrollHeight, header: header ? Math.round(header.getBoundingClientRect().height) : 0, wide };
      }, WIDTH);
      const ok = m.scrollWidth <= WIDTH;
      if (!ok) failures++;
      console.log(`${scheme} ${base}${p}: scrollWidth ${m.scrollWidth} height ${m.height} header ${m.header}${ok ? "" : " TOO WIDE: " + m.wide.join(", ")}`);
      if (shots) {
        const name = (p.replace(/\/$/, "").replace(/\//g, "_") || "dashboard") + `-${scheme}.png`;
        await page.screenshot({ path: `${shots}/${name}`, fullPage: process.env.FULL === "1" });
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(failures === 0 ? `phone: no page wider than ${WIDTH}px` : `phone: ${failures} pages wider than ${WIDTH}px`);
process.exit(failures === 0 ? 0 : 1);
