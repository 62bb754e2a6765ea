/**
 * Project permission rules: what "always allow in this project" saved, per project directory.
 * The permission gate consults them before asking; `punie permissions` lists and clears them.
 */
import type { PermissionRequest } from "../workspace/types.ts";
import type { Store } from "./open.ts";

export type ProjectRule = {
  /** Absolute project directory (the session cwd). */
  project: string;
  /** The tool allowed, e.g. "write_file" or "mcp__ide__run". */
  tool: string;
  action: PermissionRequest["action"];
  /** Epoch ms. */
  createdAt: number;
};

type RuleRow = { project: string; tool: string; action: PermissionRequest["action"]; created_at: number };

/** Saves a rule; saving the same one again keeps the first date. */
export function addProjectRule(store: Store, rule: Omit<ProjectRule, "createdAt"> & { createdAt?: number }): void {
  store.use("save a project permission", undefined, (db) => {
    db.query(
      `INSERT INTO project_permission_rules (project, tool, action, created_at) VALUES ($project, $tool, $action, $at)
       ON CONFLICT DO NOTHING`,
    ).run({ project: rule.project, tool: rule.tool, action: rule.action, at: rule.createdAt ?? Date.now() });
  });
}

/** Rules of one project, or of all projects; sorted by project, then tool. */
export function listProjectRules(store: Store, project?: string): ProjectRule[] {
  return store.use("list project permissions", [], (db) => {
    const rows = db
      .query(
        `SELECT * FROM project_permission_rules WHERE $project IS NULL OR project = $project
         ORDER BY project, tool, action`,
      )
      .all({ project: project ?? null }) as RuleRow[];
    return rows.map((row) => ({ project: row.project, tool: row.tool, action: row.action, createdAt: row.created_at }));
  });
}

/** Whether a project rule allows this tool and action. */
export function isAllowedByProjectRule(store: Store, project: string, tool: string, action: PermissionRequest["action"]): boolean {
  return store.use("read project permissions", false, (db) => {
    const row = db
      .query("SELECT 1 FROM project_permission_rules WHERE project = $project AND tool = $tool AND action = $action")
      .get({ project, tool, action });
    return row !== null;
  });
}

/** Removes the rules of one project, or of all; returns how many were removed. */
export function clearProjectRules(store: Store, project?: string): number {
  return store.use("clear project permissions", 0, (db) => {
    const result = db
      .query("DELETE FROM project_permission_rules WHERE $project IS NULL OR project = $project")
      .run({ project: project ?? null });
    return result.changes;
  });
}
