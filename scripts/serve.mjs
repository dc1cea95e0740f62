#!/usr/bin/env node
// A static file server on 127.0.0.1 that behaves like GitHub Pages where it matters for loading:
// gzip when the browser accepts it (for the types Pages compresses: html, js, json, wasm, text, css,
// svg; not the binary .data/.pack/.png/.mp4), the right MIME types (application/wasm, so the wasm
// compiles while it streams in) and byte ranges (media elements need them to seek). Only files
// under the folder; no directory listing. Used by scripts/run.sh and the browser tests
// (tests/browser/harness.mjs), so what is measured is what users get.
//
//   node scripts/serve.mjs DIR [PORT]        (PORT 0: any free port; prints the URL)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".data": "application/octet-stream", ".pack": "application/octet-stream",
  ".png": "image/png", ".json": "application/json", ".mp4": "video/mp4", ".txt": "text/plain; charset=utf-8",
  ".css": "text/css", ".svg": "image/svg+xml", ".ttf": "font/ttf", ".gz": "application/gzip" };
const COMPRESS = new Set([".html", ".js", ".mjs", ".json", ".wasm", ".txt", ".css", ".svg"]);

// Serves `dir`. `extra` maps a path to a page (a string, served as HTML) or to a response
// {body, type = "application/octet-stream", status = 200} (tests: a damaged or missing file).
// `log`, when given, receives {path, status, bytes, encoding} for every request; gzip: false serves
// every file as it is (benches: the old local server).
export async function startServer(dir, extra = {}, { port = 0, log = null, gzip = true } = {}) {
  const root = path.resolve(dir);
  const gz = new Map();  // path -> {mtime, body}: each file is compressed once
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const done = (status, body, headers = {}) => {
      res.writeHead(status, headers);
      res.end(body);
      if (log) log({ path: url.pathname, status, bytes: body ? body.length : 0, encoding: headers["content-encoding"] || "" });
    };
    try {
      const x = extra[url.pathname];
      if (x !== undefined) {
        if (typeof x === "string") return done(200, Buffer.from(x), { "content-type": "text/html; charset=utf-8" });
        const body = Buffer.from(x.body || "");
        return done(x.status || 200, body, { "content-type": x.type || "application/octet-stream", "content-length": body.length });
      }
      let p = path.resolve(root, "." + decodeURIComponent(url.pathname));
      if (p !== root && !p.startsWith(root + path.sep)) throw new Error("outside root");
      let st = await stat(p);
      if (st.isDirectory()) {
        p = path.join(p, "index.html");
        st = await stat(p);
      }
      const body = await readFile(p);
      const ext = path.extname(p);
      const type = MIME[ext] || "application/octet-stream";
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || "");
      if (range && (range[1] || range[2])) {
        const start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
        if (start >= body.length || start > end) return done(416, null, { "content-range": `bytes */${body.length}` });
        return done(206, body.subarray(start, end + 1), { "content-type": type, "accept-ranges": "bytes",
          "content-range": `bytes ${start}-${end}/${body.length}`, "content-length": end - start + 1 });
      }
      const headers = { "content-type": type, "accept-ranges": "bytes", vary: "Accept-Encoding" };
      if (gzip && COMPRESS.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        let c = gz.get(p);
        if (!c || c.mtime !== st.mtimeMs) gz.set(p, (c = { mtime: st.mtimeMs, body: gzipSync(body, { level: 9 }) }));
        return done(200, c.body, { ...headers, "content-encoding": "gzip", "content-length": c.body.length });
      }
      return done(200, body, { ...headers, "content-length": body.length });
    } catch {
      return done(404, Buffer.from("not found"), { "content-type": "text/plain" });
    }
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error("usage: node scripts/serve.mjs DIR [PORT]");
    process.exit(2);
  }
  const s = await startServer(dir, {}, { port: Number(port || 8080) });
  console.log(`serving ${path.resolve(dir)} at ${s.url}/`);
}
