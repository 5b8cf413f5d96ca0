// A tiny static file server for browser tests: 127.0.0.1, a free port, the
// right Content-Type for .wasm (application/wasm, which
// WebAssembly.instantiateStreaming requires) and no directory listing.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` until close(). Resolves { url, requests, close() } where
 * `url` ends with a slash and `requests` lists { method, path, status, type }.
 */
export async function serveStatic(root) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const record = { method: req.method, path: req.url, status: 0, type: null };
    requests.push(record);
    const send = (status, type, body) => {
      record.status = status;
      record.type = type;
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'text/plain', 'bad path');
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = normalize(join(root, pathname));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return send(403, 'text/plain', 'forbidden');
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return send(404, 'text/plain', `not found: ${pathname}`);
    }
    if (!stat.isFile()) return send(404, 'text/plain', `not a file: ${pathname}`);
    const type = MIME_TYPES[extname(file)] ?? 'application/octet-stream';
    record.status = 200;
    record.type = type;
    res.writeHead(200, { 'content-type': type, 'content-length': stat.size, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
