/** Starting and stopping the demo's node:http servers, shared by every site. */
import type { Server } from 'node:http';

/** Listens on `host:port`; rejects with the server's own error (its `code` says why). */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops listening and drops open connections; resolves at once for a server that is not listening. */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections (fetch keeps them) would hold close() open otherwise.
    server.closeAllConnections();
  });
}
