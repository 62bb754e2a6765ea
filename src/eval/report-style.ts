/** Styles of the eval reports, added to the shared page shell (perf/layout.tsx). */
export const EVAL_STYLE = `
  .score-good { color: #1f7a3a; } .score-mid { color: #9a6a00; } .score-bad { color: var(--fail); }
  .bar-good { fill: #3a9d5d; } .bar-mid { fill: #e0a32c; } .bar-bad { fill: var(--fail); } .bar-track { fill: #eef0f3; }
  svg.scores { width: 100%; height: auto; max-width: 900px; }
  details.prompt-detail { border: 1px solid #e5e7eb; border-radius: 6px; margin: .6rem 0; padding: .4rem .8rem; }
  details.prompt-detail > summary { cursor: pointer; font-weight: 600; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f6f7f9; padding: .5rem .7rem; border-radius: 6px; max-height: 24rem; overflow: auto; font-size: 12px; }
  .tag { display: inline-block; font-size: .75rem; padding: 0 .4rem; border-radius: 4px; background: #eef0f3; margin-left: .3rem; font-weight: normal; }
  .tag-text { background: #fde9c8; } .tag-failed { background: #f7d4d7; } .tag-matched { background: #d6f0dd; }
  .delta-down { color: var(--fail); font-weight: 600; } .delta-up { color: #1f7a3a; }
  .table-wrap td:first-child { white-space: nowrap; }
  .check-failed { color: var(--fail); font-weight: 600; } .check-passed { color: #1f7a3a; font-weight: 600; }
`;

export function scoreClass(score: number, prefix: "score" | "bar"): string {
  return `${prefix}-${score >= 0.999 ? "good" : score >= 0.5 ? "mid" : "bad"}`;
}
