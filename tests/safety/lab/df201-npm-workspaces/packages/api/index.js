const ms = require("ms");
const util = require("util/index.js");
console.log(util.greet(), ms(5000));
