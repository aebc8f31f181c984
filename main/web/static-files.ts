// Serving the built renderer: files under one root only, with an index.html fallback for the
// single-page app. No directory listing, no path outside the root.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';
import { contentTypeFor } from '../contract/content-types';


export function serveStatic(root: string) {
  const base = resolve(root);
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const pathname = decodedPath(req.url);
    if (pathname === null) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request: the address is not valid percent-encoding.');
      return;
    }
    let file = resolve(base, `.${normalize(pathname)}`);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Renderer not built: run `npm run build:renderer`.');
      return;
    }
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
}

/** The request's path, percent-decoded; null for a malformed address (decodeURIComponent throws URIError). */
function decodedPath(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
}
