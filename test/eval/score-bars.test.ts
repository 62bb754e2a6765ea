import { expect, test } from "bun:test";
import { ScoreBars } from "../../src/eval/score-bars.tsx";

test("a long note (compare's 'success 70.0%') ends inside the chart instead of being cut off", async () => {
  const svg = String(await ScoreBars({ bars: [{ label: "20261201-183527-8827 · test", score: 0.75, note: "success 70.0%" }] }));
  const text = /<text x="([\d.]+)" y="\d+">75\.0% · success 70\.0%<\/text>/.exec(svg);
  expect(text).not.toBeNull();
  // 900 units wide; about 6.5 units a character at the chart's font.
  expect(Number(text?.[1]) + "75.0% · success 70.0%".length * 6.5).toBeLessThan(900);
});
