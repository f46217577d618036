// Screenshots of pages of a built site at desktop and phone widths, in
// light and dark mode. Usage: node screenshots.mjs SITE_DIR BASE_PATH OUT_DIR PAGE...
import { chromium } from "playwright-core";
import fs from "node:fs";
import { serve, chromiumPath, LAUNCH_ARGS } from "./serve.mjs";

const [dir, base, out, ...pages] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const server = await serve(dir, base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
try {
  for (const [device, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const p of pages) {
        await page.goto(origin + base + p, { waitUntil: "load", timeout: 20000 });
        const name = (p.replace(/\/$/, "").replace(/\//g, "_") || "dashboard") + `-${device}-${scheme}.png`;
        await page.screenshot({ path: `${out}/${name}`, fullPage: process.env.FULL_PAGE !== "0" });
        console.log(`${out}/${name}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
