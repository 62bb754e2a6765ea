/** Ports: is one taken (told before a server starts), and a free one for servers punie runs itself. */

/** True when something already listens on host:port (binding it fails). */
export function portInUse(host: string, port: number): boolean {
  try {
    const listener = Bun.listen({ hostname: host, port, socket: { data() {} } });
    listener.stop(true);
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE" || code === "EACCES") return true;
    throw error;
  }
}

/** A port free right now on `host` (the OS picks it). */
export function freePort(host: string): number {
  const listener = Bun.listen({ hostname: host, port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}
