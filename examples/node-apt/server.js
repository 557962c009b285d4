"use strict";
const http = require("http");
const ms = require("ms");

const started = Date.now();
const port = Number(process.env.PORT || 3000);

const server = http.createServer((req, res) => {
  if (req.url === "/health") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok\n");
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ uptime: ms(Date.now() - started, { long: true }) }) + "\n");
});

server.listen(port, () => console.log(`listening on ${port}`));
