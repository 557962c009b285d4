const fs = require("fs");
const message = fs.readFileSync("src/message.txt", "utf8").trim();
fs.mkdirSync("dist", { recursive: true });
fs.writeFileSync("dist/out.js", `console.log(${JSON.stringify(message)}, require("ms")("2h"));\n`);
