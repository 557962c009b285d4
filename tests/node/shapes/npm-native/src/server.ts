import { createServer } from "node:http";
import ms from "ms";

const port = Number(process.env.PORT ?? 3000);
createServer((_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ shape: "npm-native", uptime: ms(90000), native: typeof require("bufferutil").mask === "function" }));
}).listen(port, () => console.log(`listening on ${port}`));
