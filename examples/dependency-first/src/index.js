const http = require("node:http");

const port = Number(process.env.PORT || 3000);
http
  .createServer((_req, res) => res.end("hello\n"))
  .listen(port, () => console.log(`listening on ${port}`));
