import { createServer } from "node:http";
import ms from "ms";

const port = Number(process.env.PORT ?? 3000);
createServer((_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ shape: "npm-lifecycle", uptime: ms(90000), patched: require("node:fs").existsSync("node_modules/.patched") }));
}).listen(port, () => console.log(`listening on ${port}`));
