// Renders ZPL label formats to PNG with zebrash, an independent ZPL
// renderer (the npm package zpl-renderer-js runs it as WebAssembly). The Go
// tests of core/label use it to check what a Zebra printer would print.
//
// Usage: node render.js WIDTH_MM HEIGHT_MM DPMM=FILE.zpl...
// writes FILE.zpl.png beside each file, rendered at DPMM dots per mm.
"use strict";
const fs = require("node:fs");
const { ready } = require("zpl-renderer-js");

async function main(argv) {
  const [width, height, ...jobs] = argv;
  if (!width || !height || jobs.length === 0) {
    throw new Error("usage: node render.js WIDTH_MM HEIGHT_MM DPMM=FILE.zpl...");
  }
  const { api } = await ready;
  for (const job of jobs) {
    const eq = job.indexOf("=");
    const dpmm = Number(job.slice(0, eq));
    const file = job.slice(eq + 1);
    if (eq < 1 || !(dpmm > 0)) throw new Error(`bad job ${job}: want DPMM=FILE`);
    const png = await api.zplToBase64Async(fs.readFileSync(file, "utf8"), Number(width), Number(height), dpmm);
    fs.writeFileSync(file + ".png", Buffer.from(png, "base64"));
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0), // the WebAssembly runtime keeps the event loop alive
  (err) => {
    console.error(String((err && err.stack) || err));
    process.exit(1);
  },
);
