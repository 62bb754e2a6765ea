/** @jsxImportSource hono/jsx */
/**
 * The page shell shared by the HTML reports (perf, eval, training): one self-contained HTML file,
 * styles inline, no scripts, no external URL; light or dark as the system is set (the dashboard's
 * colours). hono/jsx escapes every text and attribute value it renders.
 */
import type { Child } from "hono/jsx";
import { PAGE_COLORS } from "../page-colors.ts";

const STYLE = `${PAGE_COLORS}
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--panel); margin: 2rem auto; max-width: 1000px; padding: 0 1rem; }
  a { color: var(--accent); }
  h1 { font-size: 1.4rem; margin-bottom: .2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
  .muted { color: var(--muted); } .prompt { white-space: pre-wrap; background: var(--code); padding: .6rem .8rem; border-radius: 6px; }
  dl.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: .6rem 1rem; }
  dl.summary div { background: var(--code); border-radius: 6px; padding: .5rem .7rem; } dt { color: var(--muted); font-size: .8rem; } dd { margin: 0; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } td.num { white-space: nowrap; }
  .status-failed, .status-pending, .status-in_progress { color: var(--fail); font-weight: 600; }
  svg text { font: 11px system-ui, sans-serif; fill: var(--ink); } svg .axis-label { fill: var(--muted); }
  svg.chart { display: block; width: 100%; max-width: 900px; height: auto; } .scroll { overflow-x: auto; }
  .bar-model { fill: var(--model); } .bar-tool { fill: var(--tool); } .bar-other { fill: var(--other); } .bar-fail { fill: var(--fail); }
  .line { fill: none; stroke: var(--model); stroke-width: 2; } .grid { stroke: var(--line); } .axis { stroke: var(--muted); }
  .legend span { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin: 0 .3rem 0 1rem; vertical-align: middle; }
`;

export function Page(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/** Renders a page to a complete document. Components here are synchronous, so this is too. */
export function renderDocument(page: unknown): string {
  return `<!DOCTYPE html>\n${String(page)}`;
}

export function Stat(props: { label: string; value: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}
