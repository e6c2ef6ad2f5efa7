// Stops an HTTP server: no new connections, idle keep-alive ones closed at once, and the rest
// (a client polling on a kept-alive connection would hold server.close() open for ever) cut
// after a grace period for the requests in flight.
import type { Server } from 'node:http';

export function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}
