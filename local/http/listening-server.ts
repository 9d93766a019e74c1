import type { Server } from 'http';
import type { AddressInfo } from 'net';

/** A server that is listening: its base URL, and how to stop it. */
export interface ListeningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, ends idle keep-alive ones, and resolves once closed. */
  close(): Promise<void>;
}

/** Starts `server` on `host:port` (port 0 picks a free one) and resolves once it listens. */
export function listen(server: Server, port: number, host: string): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${urlHost}:${address.port}`,
        port: address.port,
        close: () => new Promise<void>((done, fail) => {
          server.close((error) => (error ? fail(error) : done()));
          // Clients such as the AWS SDK keep connections alive; close() alone would wait for them.
          server.closeAllConnections();
        }),
      });
    });
  });
}
