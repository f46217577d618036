// Types into the search box of a built site and prints the results.
// Usage: node search.mjs SITE_DIR BASE_PATH QUERY
import { chromium } from "playwright-core";
import { serve, chromiumPath, LAUNCH_ARGS } from "./serve.mjs";

const [dir, base, query] = process.argv.slice(2);
const server = await serve(dir, base);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(origin + base, { waitUntil: "load", timeout: 20000 });
  await page.fill("#search-input", query);
  await page.waitForSelector(".search-results li a", { timeout: 10000 });
  const results = await page.$$eval(".search-results li a", (as) => as.map((a) => `${a.textContent} ${a.getAttribute("href")}`));
  console.log(results.join("\n"));
  console.log("status: " + (await page.textContent("[role=status]")));
} finally {
  await browser.close();
  server.close();
}
