// One HTTP request with an overall deadline, over keep-alive agents (one notifier, one pool):
// node:http rather than fetch, for its lower cost per call when a queue drains.
import http from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  body: string;
}

export interface HttpClient {
  request(url: string, options: { method: string; headers: Record<string, string>; body?: string | undefined; timeoutMs: number; signal?: AbortSignal | undefined }): Promise<HttpResponse>;
  close(): void;
}

const MAX_BODY = 256 * 1024;

export function createHttpClient(): HttpClient {
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 16 }), https: new https.Agent({ keepAlive: true, maxSockets: 16 }) };
  return {
    request(url, options) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const target = new URL(url);
        const secure = target.protocol === 'https:';
        const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
        const headers: Record<string, string | number> = { ...options.headers };
        if (body) headers['Content-Length'] = body.length;
        let settled = false;
        const done = (error: Error | null, response?: HttpResponse) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(response as HttpResponse);
        };
        const req = (secure ? https : http).request(target, { method: options.method, headers, agent: secure ? agents.https : agents.http }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_BODY) chunks.push(chunk);
          });
          res.on('end', () => done(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => done(e));
        });
        // The deadline covers the whole exchange, not just idle gaps.
        const timer = setTimeout(() => {
          req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
        const onAbort = () => req.destroy(new Error('aborted: the notifier stopped'));
        if (options.signal?.aborted) onAbort();
        options.signal?.addEventListener('abort', onAbort);
        req.on('error', (e) => done(e));
        if (body) req.write(body);
        req.end();
      });
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
