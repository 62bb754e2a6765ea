/** Each security rule of `punie serve`, through the real app (app.request), with its status. */
import { afterEach, describe, expect, test } from "bun:test";
import { createApp } from "../../src/http/app.ts";
import { bearerToken, hostName, isCrossOriginWrite, isHostAllowed, isLoopbackHost } from "../../src/http/security.ts";
import { memoryContext } from "./memory-context.ts";

const contexts: ReturnType<typeof memoryContext>[] = [];
function appWith(security: Parameters<typeof memoryContext>[0] = {}) {
  const context = memoryContext(security);
  contexts.push(context);
  return createApp(context, { defaultWorkspace: "/tmp" });
}
afterEach(() => {
  for (const context of contexts.splice(0)) context.feed.stop();
});

const LOCAL = "http://127.0.0.1:8000";
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe("pure checks", () => {
  test.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["app.localhost", true],
    ["::1", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["192.168.1.4", false],
    ["evil.example", false],
    ["127.0.0.1.evil.example", false],
  ])("isLoopbackHost(%p) is %p", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  test("Host headers are parsed with ports and IPv6 brackets; junk is refused", () => {
    expect(hostName("LocalHost:8000")).toBe("localhost");
    expect(hostName("[::1]:8000")).toBe("[::1]");
    expect(hostName("a b")).toBeNull();
    expect(isHostAllowed("127.0.0.1:8000", { host: "127.0.0.1" })).toBe(true);
    expect(isHostAllowed("attacker.example:8000", { host: "127.0.0.1" })).toBe(false);
    expect(isHostAllowed(undefined, { host: "127.0.0.1" })).toBe(false);
    // Bound to a LAN address the Host check is off; the token protects instead.
    expect(isHostAllowed("punie.lan:8000", { host: "192.168.1.4" })).toBe(true);
  });

  test("cross-origin writes are told apart from same-origin ones and from curl", () => {
    expect(isCrossOriginWrite({ method: "POST", origin: "http://evil.example", host: "127.0.0.1:8000" })).toBe(true);
    expect(isCrossOriginWrite({ method: "POST", origin: "http://127.0.0.1:8000", host: "127.0.0.1:8000" })).toBe(false);
    expect(isCrossOriginWrite({ method: "POST", fetchSite: "cross-site", host: "127.0.0.1:8000" })).toBe(true);
    expect(isCrossOriginWrite({ method: "POST", origin: "null", host: "127.0.0.1:8000" })).toBe(true);
    expect(isCrossOriginWrite({ method: "POST", host: "127.0.0.1:8000" })).toBe(false);
    expect(isCrossOriginWrite({ method: "GET", origin: "http://evil.example", host: "127.0.0.1:8000" })).toBe(false);
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
  });
});

describe("the app applies every rule", () => {
  test("health and echo answer", async () => {
    const app = appWith();
    const health = await app.request(`${LOCAL}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", version: "0.0.0-test", model: { spec: "test", reachable: true } });
    const echo = await app.request(`${LOCAL}/echo`, { method: "POST", body: JSON.stringify({ a: [1, "two"] }), headers: { "content-type": "application/json" } });
    expect(await echo.json()).toEqual({ a: [1, "two"] });
  });

  test("a Host that is not loopback gets 403 (DNS rebinding)", async () => {
    const response = await appWith().request("http://rebind.attacker.example:8000/api/sessions");
    expect(response.status).toBe(403);
    expect((await errorOf(response))).toContain("loopback");
  });

  test("a cross-origin state-changing request gets 403; the same origin passes", async () => {
    const app = appWith();
    const post = (origin: string) => app.request(`${LOCAL}/echo`, { method: "POST", body: "{}", headers: { origin, "content-type": "application/json" } });
    expect((await post("http://evil.example")).status).toBe(403);
    expect((await post(LOCAL)).status).toBe(200);
  });

  test("a body over 1 MB gets 413", async () => {
    const response = await appWith().request(`${LOCAL}/echo`, { method: "POST", body: JSON.stringify({ big: "x".repeat(1024 * 1024) }), headers: { "content-type": "application/json" } });
    expect(response.status).toBe(413);
    expect((await errorOf(response))).toContain("limited");
  });

  test("with a token: 401 without it, Bearer or the /login cookie let in, /health stays open", async () => {
    const app = appWith({ token: "s3cret-token" });
    expect((await app.request(`${LOCAL}/api/sessions`)).status).toBe(401);
    expect((await app.request(`${LOCAL}/`)).status).toBe(401);
    expect((await app.request(`${LOCAL}/api/sessions`, { headers: { authorization: "Bearer wrong-token!" } })).status).toBe(401);
    expect((await app.request(`${LOCAL}/api/sessions`, { headers: { authorization: "Bearer s3cret-token" } })).status).toBe(200);
    expect((await app.request(`${LOCAL}/health`)).status).toBe(200);
    expect((await app.request(`${LOCAL}/login?token=nope`)).status).toBe(401);
    const login = await app.request(`${LOCAL}/login?token=s3cret-token`);
    expect(login.status).toBe(302);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const withCookie = await app.request(`${LOCAL}/api/sessions`, { headers: { cookie: cookie.split(";")[0] ?? "" } });
    expect(withCookie.status).toBe(200);
  });

  test("only built-in assets are served: no path reaches the disk", async () => {
    const app = appWith();
    const css = await app.request(`${LOCAL}/assets/dashboard.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    for (const path of ["/assets/../package.json", "/assets/%2e%2e/package.json", "/package.json", "/assets/dashboard-client.js", "/src/main.ts"]) {
      const response = await app.request(`${LOCAL}${path}`);
      expect(response.status).toBe(404);
    }
  });

  test("bad bodies are 400 with the field named; unknown sessions 404", async () => {
    const app = appWith();
    const json = (body: string) => ({ method: "POST", body, headers: { "content-type": "application/json" } });
    const notJson = await app.request(`${LOCAL}/api/sessions`, json("{"));
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson))).toContain("JSON");
    const noWorkspace = await app.request(`${LOCAL}/api/sessions`, json("{}"));
    expect(noWorkspace.status).toBe(400);
    expect((await errorOf(noWorkspace))).toContain("workspace");
    const unknownField = await app.request(`${LOCAL}/api/sessions`, json('{"workspace":"/tmp","colour":"red"}'));
    expect(unknownField.status).toBe(400);
    expect((await app.request(`${LOCAL}/api/sessions/nope`)).status).toBe(404);
    expect((await app.request(`${LOCAL}/api/sessions/nope/cancel`, json("{}"))).status).toBe(404);
    expect((await app.request(`${LOCAL}/api/sessions?limit=0`)).status).toBe(400);
  });
});
