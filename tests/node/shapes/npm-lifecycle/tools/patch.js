const fs = require("node:fs");
fs.writeFileSync("node_modules/.patched", "yes\n");
