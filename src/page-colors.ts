/**
 * The colours of every page Punie draws, light or dark as the system is set: the dashboard's
 * stylesheet and the HTML reports (eval, training, perf) start with these variables, so a report
 * opened beside the dashboard looks like part of it.
 */
export const PAGE_COLORS = `
:root {
  color-scheme: light dark;
  --bg: #f7f8fa; --panel: #ffffff; --ink: #1c2230; --muted: #5f6b7a; --line: #e3e6eb; --accent: #3b63c4;
  --running: #2f8f4e; --waiting: #c47f0d; --idle: #6b7280; --ended: #9aa3ae; --fail: #c8414b;
  --model: #4f7bd9; --tool: #e08a2c; --other: #b8b8b8; --code: #f1f3f6; --add: #e6f4ea; --del: #fbe9eb; --on-accent: #ffffff;
  --good: #1f7a3a; --mid: #9a6a00; --good-bar: #3a9d5d; --mid-bar: #e0a32c;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12151b; --panel: #1a1e26; --ink: #e4e7ec; --muted: #9aa4b2; --line: #2b313c; --accent: #7ea2f2;
    --running: #4cc27a; --waiting: #f0b03c; --idle: #9aa4b2; --ended: #6b7380; --fail: #f07178;
    --model: #7ea2f2; --tool: #f0a35a; --other: #5b6270; --code: #232833; --add: #1d3526; --del: #3d1f24; --on-accent: #0d1320;
    --good: #4cc27a; --mid: #f0b03c; --good-bar: #3fae68; --mid-bar: #d99a2b;
  }
}
`;
