import net from 'node:net';

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function isFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive TCP ports free on 127.0.0.1 right now, all below `limit`
 * (Temporal's membership ports: its SQL schema stores them as a SMALLINT, and the kernel's
 * ephemeral ports are above 32767).
 */
export async function freePortBlock(count: number, limit = 32768, from = 10000): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const first = from + Math.floor(Math.random() * (limit - from - count));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await isFree(first + i);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports found below ${limit}`);
}
