import { createServer } from "node:http";
import ms from "ms";

const port = Number(process.env.PORT ?? 3000);
createServer((_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ shape: "yarn4-esbuild", uptime: ms(90000) }));
}).listen(port, () => console.log(`listening on ${port}`));
