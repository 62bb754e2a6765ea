/**
 * dataset/: streaming JSONL tooling for mlx_lm training data — validate, stats, filter, merge,
 * split, download (built-in sample, Hugging Face rows API). Pure logic plus file I/O; the CLI in
 * cli/dataset.ts only parses flags and prints.
 */
export { checkRow } from "./check.ts";
export { DatasetError } from "./errors.ts";
export { type FilterOptions, type FilterReport, filterDataset } from "./filter.ts";
export { type DatasetFormat, detectFormat, formatSchemas, rowProblems } from "./formats.ts";
export { downloadHf, HF_ENDPOINT, type HfDownloadOptions } from "./hf-download.ts";
export { mergeDatasets } from "./merge.ts";
export { sampleDataset } from "./sample.ts";
export { parseRatios, splitFile } from "./split.ts";
export { datasetStats } from "./stats.ts";
export { validateDataset } from "./validate.ts";
