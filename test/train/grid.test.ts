import { describe, expect, test } from "bun:test";
import { TrainSettingsSchema } from "../../src/train/config.ts";
import { formatLearningRate, gridCombos, rankGrid } from "../../src/train/grid.ts";
import type { GridRow } from "../../src/train/report.tsx";

describe("grid", () => {
  test("learning rates are spelled as Python does, so folder names read lr1e-05-r8", () => {
    expect([1e-5, 5e-5, 2e-4, 1.5e-5, 0.001].map(formatLearningRate)).toEqual(["1e-05", "5e-05", "2e-04", "1.5e-05", "1e-03"]);
  });

  test("one combination per value pair, named by its values; batch sizes only when given", () => {
    const base = TrainSettingsSchema.parse({ iters: 100 });
    expect(gridCombos(base, { learningRates: [1e-5, 5e-5], ranks: [8, 16] }).map((c) => c.name)).toEqual(["lr1e-05-r8", "lr1e-05-r16", "lr5e-05-r8", "lr5e-05-r16"]);
    const combos = gridCombos(base, { learningRates: [1e-5], ranks: [8], batchSizes: [2, 4] });
    expect(combos.map((c) => c.name)).toEqual(["lr1e-05-r8-b2", "lr1e-05-r8-b4"]);
    expect(combos[1]?.settings).toMatchObject({ iters: 100, learningRate: 1e-5, rank: 8, batchSize: 4 });
  });

  test("best first; unscored last", () => {
    const row = (name: string, score: number | null): GridRow => ({ name, values: {}, record: null, score });
    const rows = [row("a", 1.2), row("b", null), row("c", 0.9), row("d", 1.0)];
    expect(rankGrid(rows, false).map((r) => r.name)).toEqual(["c", "d", "a", "b"]);
    expect(rankGrid(rows, true).map((r) => r.name)).toEqual(["a", "d", "c", "b"]);
  });
});
