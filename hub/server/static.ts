// The built console (dist/hub-console): files under one root only, index.html for the app's own
// paths, the security headers on every file. No directory listing, nothing outside the root.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from './http-basics';
import { contentTypeFor } from '../../main/contract/content-types';


async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function serveConsole(root: string) {
  const base = resolve(root);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, SECURITY_HEADERS).end();
      return;
    }
    let file = resolve(base, `.${normalize(pathname)}`);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, SECURITY_HEADERS).end();
      return;
    }
    // The residents' public pickup QR page is its own small entry, not the console app.
    if (pathname === '/pickup' || pathname === '/pickup/') file = join(base, 'pickup.html');
    if (!(await isFile(file))) file = join(base, 'index.html');
    if (!(await isFile(file))) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' }).end('Console not built: run `npm run build:hub-console`.');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': contentTypeFor(file), 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
