import type { IncomingMessage } from 'http';

/** A request body read in full, or the fact that it was larger than allowed. */
export type RequestBody =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: 'too-large' };

/**
 * Reads a request body up to `maxBytes`. A larger body is drained and dropped (so the server
 * can still answer 413 on the same connection) and reported as too large.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= maxBytes ? { ok: true, body: Buffer.concat(chunks) } : { ok: false, reason: 'too-large' }));
    request.on('error', reject);
  });
}
