/** `/tools`: what the model can use this session, and where each tool comes from. */
import type { AcpSession } from "./acp-session.ts";

export async function toolsReport(session: AcpSession): Promise<string> {
  const discovery = session.discovered ?? (await session.discovery);
  await session.runner.mcp.ready();
  const caps = session.capabilities;
  const python = await session.runner.pythonTools;
  const lines: string[] = [];
  if (discovery.tier === 1) {
    lines.push(`From the IDE's tool catalog (${discovery.catalog.length}):`);
    for (const tool of discovery.catalog) lines.push(`- ${tool.name} [${tool.kind}]${tool.requiresPermission ? " (asks permission)" : ""}`);
  } else {
    const fs = caps?.fs?.readTextFile && caps.fs.writeTextFile ? "through the IDE" : "on the local disk (the IDE does not offer file access)";
    const terminal = caps?.terminal ? "in IDE terminals" : "as local processes (the IDE does not offer terminals)";
    lines.push("Punie's own tools:");
    lines.push(`- read_file, write_file, edit_file, list_files, search_text: files ${fs}`);
    lines.push(`- run_command and the terminal tools: commands ${terminal}`);
    lines.push(`(${discovery.reason})`);
  }
  if (python.length > 0) lines.push("", "Python tools (run locally in the project):", ...python.map((tool) => `- ${tool.name}`));
  const servers = session.runner.mcp.status();
  if (servers.length > 0) {
    lines.push("", "MCP servers:");
    for (const server of servers) {
      lines.push(`- ${server.name}: ${server.state}${server.state === "ready" ? `, ${server.toolCount} tools` : ""}${server.error ? ` (${server.error})` : ""}`);
    }
  }
  lines.push("", `Permission mode: ${session.runner.mode}.`);
  return lines.join("\n");
}
