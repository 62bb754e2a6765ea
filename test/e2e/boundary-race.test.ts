/**
 * The workspace boundary holds while another process swaps a folder and a symlink to outside
 * (renameat2 RENAME_EXCHANGE in a loop, through python3's ctypes): 600 write_file, 600
 * read_file and 600 edit_file calls from the built binary, and not one reads outside content or
 * leaves a file (or a temp file) outside.
 */
import { expect, test } from "bun:test";
import { mkdir, readdir, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ScriptedToolCall, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, sandboxEachTest } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

const TRIES = 600;
const python = Bun.which("python3");
const SWAPPER = `
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD, RENAME_EXCHANGE = -100, 2
def exchange(a, b):
    if hasattr(libc, "renameat2"):
        return libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
    number = {"x86_64": 316, "aarch64": 276}[os.uname().machine]
    return libc.syscall(number, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
if exchange(b"dir", b"link") != 0:
    sys.exit("renameat2 failed: errno %d" % ctypes.get_errno())
exchange(b"dir", b"link")
print("swapping", flush=True)
while True:
    exchange(b"dir", b"link")
`;

test.skipIf(python === null)("a symlink swap loop finds 0 escapes in 600 writes, reads and edits, and no temp file outside", async () => {
  const outside = join(t.box.project, "..", "outside");
  await mkdir(outside);
  await writeFile(join(outside, "f.txt"), "OUTSIDE\n");
  await writeFile(join(outside, "e.txt"), "x\n");
  await mkdir(join(t.box.project, "dir"));
  await writeFile(join(t.box.project, "dir", "f.txt"), "inside\n");
  await writeFile(join(t.box.project, "dir", "e.txt"), "x\n");
  await symlink(outside, join(t.box.project, "link"));
  await mkdir(join(t.box.project, ".punie"));
  // Refusals while the link is in place are failures: keep the tools from being withdrawn.
  await writeFile(join(t.box.project, ".punie", "settings.json"), JSON.stringify({ limits: { toolRetries: 100000, maxRequests: 10 } }));
  const outsideEdit = await stat(join(outside, "e.txt"));

  const calls = (name: string, args: (i: number) => Record<string, unknown>): ScriptedToolCall[] =>
    Array.from({ length: TRIES }, (_, i) => ({ id: `${name}-${i}`, name, arguments: args(i) }));
  t.server = await startScriptedServer({
    script: [
      { toolCalls: calls("write_file", (i) => ({ path: `dir/w-${i}.txt`, content: "written\n" })) },
      { toolCalls: calls("read_file", () => ({ path: "dir/f.txt" })) },
      { toolCalls: calls("edit_file", () => ({ path: "dir/e.txt", old_text: "x", new_text: "x" })) },
      { text: "done" },
    ],
    models: ["coder"],
  });

  const swapper = Bun.spawn([python as string, "-c", SWAPPER], { cwd: t.box.project, stdout: "pipe", stderr: "pipe" });
  try {
    const reader = swapper.stdout.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("swapping");
    const proc = Bun.spawn([...(await agentCommand()), "ask", "--yes", "--model", `${t.server.url}/coder`, "go"], {
      cwd: t.box.project,
      env: { ...process.env, PUNIE_HOME: t.box.home, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1" },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect({ code, tail: code === 0 ? "" : stderr.slice(-500) }).toEqual({ code: 0, tail: "" });
    expect(stdout).toContain("done");
  } finally {
    swapper.kill("SIGKILL");
    await swapper.exited;
  }

  const results = new Map<string, string>();
  for (const message of t.server.requests.at(-1)?.messages ?? []) {
    if (message.role === "tool") results.set(String(message.tool_call_id), String(message.content));
  }
  expect(results.size).toBe(3 * TRIES);
  const readOutside = [...results].filter(([id, text]) => id.startsWith("read_file") && text.includes("OUTSIDE"));
  expect(readOutside).toHaveLength(0);
  // The swap really raced: some calls met the link and were refused.
  expect([...results.values()].some((text) => text.includes("outside the workspace"))).toBe(true);
  expect((await readdir(outside)).sort()).toEqual(["e.txt", "f.txt"]);
  const afterEdit = await stat(join(outside, "e.txt"));
  expect(afterEdit.ino).toBe(outsideEdit.ino);
  expect(afterEdit.mtimeMs).toBe(outsideEdit.mtimeMs);
}, 180_000);
