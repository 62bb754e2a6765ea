/**
 * dataset/: streaming JSONL tooling for mlx_lm training data — validate, stats, filter, merge,
 * split, download (built-in sample, Hugging Face rows API) and export (accepted Punie turns).
 * Pure logic plus file I/O; the CLI in cli/dataset.ts only parses flags and prints. Commands
 * import the modules they need directly: zod and franc-min are slow to load.
 */
export { checkRow, quickCheck } from "./check.ts";
export { DatasetError } from "./errors.ts";
export { exportSessions, turnRejection, turnToExample } from "./export.ts";
export { type FilterOptions, type FilterReport, filterDataset } from "./filter.ts";
export { type DatasetFormat, detectFormat, formatSchemas, rowProblems } from "./formats.ts";
export { downloadHf, HF_ENDPOINT, type HfDownloadOptions } from "./hf-download.ts";
export { mergeDatasets } from "./merge.ts";
export { sampleDataset, writeSampleDataset } from "./sample.ts";
export { parseRatios, splitFile } from "./split.ts";
export { datasetStats, type SplitStats } from "./stats.ts";
export { validateDataset, type ValidationReport } from "./validate.ts";
