/**
 * A bare TCP connect to a server's host and port. fetch cannot tell "no connection" from "connected
 * but no headers yet" (Ollama and LM Studio hold headers back while loading a model), so the
 * connect timeout asks this before giving up.
 */
export function canConnect(baseURL: string, timeoutMs: number): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return Promise.resolve(false);
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  return new Promise((resolve) => {
    const done = (reachable: boolean): void => {
      clearTimeout(timer);
      resolve(reachable);
    };
    const timer = setTimeout(() => resolve(false), timeoutMs);
    Bun.connect({
      hostname,
      port,
      socket: {
        open(socket) {
          socket.end();
          done(true);
        },
        data() {},
        connectError() {
          done(false);
        },
      },
    }).catch(() => done(false));
  });
}
