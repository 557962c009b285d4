import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import ms from "ms";

const port = Number(process.env.PORT || 8080);
const started = Date.now();
// Read at run time from public/, which the runtime stage must carry next to dist/.
const banner = readFileSync(join(__dirname, "..", "public", "banner.txt"), "utf8").trim();

createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  if (req.url === "/health") {
    res.end(JSON.stringify({ ok: true }));
    return;
  }
  res.end(JSON.stringify({ app: "node-ts-pnpm-api", banner, timeout: ms("90s") }));
}).listen(port, () => {
  console.log(`listening on ${port} after ${ms(Date.now() - started)}`);
});
