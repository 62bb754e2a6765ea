/** Styles of the eval reports, added to the shared page shell (perf/layout.tsx). */
export const EVAL_STYLE = `
  .score-good { color: var(--good); } .score-mid { color: var(--mid); } .score-bad { color: var(--fail); }
  .bar-good { fill: var(--good-bar); } .bar-mid { fill: var(--mid-bar); } .bar-bad { fill: var(--fail); } .bar-track { fill: var(--code); }
  svg.scores { width: 100%; height: auto; max-width: 900px; }
  details.prompt-detail { border: 1px solid var(--line); border-radius: 6px; margin: .6rem 0; padding: .4rem .8rem; }
  details.prompt-detail > summary { cursor: pointer; font-weight: 600; }
  pre { white-space: pre-wrap; word-break: break-word; background: var(--code); padding: .5rem .7rem; border-radius: 6px; max-height: 24rem; overflow: auto; font-size: 12px; }
  .tag { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 4px; background: var(--code); margin-left: .3rem; font-weight: normal; }
  .tag-text { background: color-mix(in srgb, var(--mid-bar) 30%, var(--panel)); } .tag-failed { background: color-mix(in srgb, var(--fail) 25%, var(--panel)); }
  .tag-matched { background: color-mix(in srgb, var(--good-bar) 25%, var(--panel)); }
  .delta-down { color: var(--fail); font-weight: 600; } .delta-up { color: var(--good); }
  .table-wrap td:first-child { white-space: nowrap; }
  .check-failed { color: var(--fail); font-weight: 600; } .check-passed { color: var(--good); font-weight: 600; }
`;

export function scoreClass(score: number, prefix: "score" | "bar"): string {
  return `${prefix}-${score >= 0.999 ? "good" : score >= 0.5 ? "mid" : "bad"}`;
}
