/** @jsxImportSource hono/jsx */
/**
 * The HTML report of one run: overall score, success rate, per category, and per prompt the
 * answer, the tool calls (arguments and format), the check's output, steps, tokens and time.
 * One self-contained file; hono/jsx escapes every value (answers hold markup and code).
 */
import { formatMs, formatPercent, formatTime } from "../format.ts";
import { Page, renderDocument, Stat } from "../perf/layout.tsx";
import type { PromptSummary, RunSummary } from "./summary.ts";
import { EVAL_STYLE, scoreClass } from "./report-style.ts";
import { ScoreBars } from "./score-bars.tsx";


export function renderRunReport(summary: RunSummary): string {
  const tokens = summary.prompts.reduce((sum, prompt) => ({ prompt: sum.prompt + prompt.tokens.prompt, completion: sum.completion + prompt.tokens.completion }), { prompt: 0, completion: 0 });
  return renderDocument(
    <Page title={`Punie eval: ${summary.suite} · ${summary.model}`}>
      <style dangerouslySetInnerHTML={{ __html: EVAL_STYLE }} />
      <h1>
        Eval {summary.suite} · {summary.model}
      </h1>
      <p class="muted">
        Run {summary.runId} · {formatTime(summary.startedAt)} · {summary.status}
      </p>
      <dl class="summary">
        <Stat label="Score" value={formatPercent(summary.score)} />
        <Stat label="Success rate" value={formatPercent(summary.successRate)} />
        <Stat label="Prompts" value={String(summary.prompts.length)} />
        <Stat label="Duration" value={formatMs(summary.durationMs)} />
        <Stat label="Tokens (prompt / completion)" value={`${tokens.prompt} / ${tokens.completion}`} />
      </dl>

      <h2>By category</h2>
      <ScoreBars bars={summary.categories.map((category) => ({ label: category.name, score: category.score, note: `${category.prompts} prompt${category.prompts === 1 ? "" : "s"}` }))} />

      <h2>Prompts</h2>
      <div class="scroll table-wrap">
        <table>
          <thead>
            <tr>
              <th>Prompt</th>
              <th>Category</th>
              <th class="num">Score</th>
              <th class="num">Tools</th>
              <th class="num">Keywords</th>
              <th class="num">Check</th>
              <th class="num">Steps</th>
              <th class="num">Tokens</th>
              <th class="num">Time</th>
            </tr>
          </thead>
          <tbody>
            {summary.prompts.map((prompt) => (
              <tr>
                <td>
                  <a href={`#p-${prompt.id}`}>{prompt.id}</a>
                </td>
                <td>{prompt.category}</td>
                <td class={`num ${scoreClass(prompt.score, "score")}`}>
                  {formatPercent(prompt.score)}
                  {prompt.scoreStdev !== undefined ? ` ± ${formatPercent(prompt.scoreStdev)}` : ""}
                </td>
                <td class="num">{part(prompt.parts.tools)}</td>
                <td class="num">{part(prompt.parts.keywords)}</td>
                <td class="num">{part(prompt.parts.check)}</td>
                <td class="num">{prompt.steps}</td>
                <td class="num">{prompt.tokens.prompt + prompt.tokens.completion}</td>
                <td class="num">{formatMs(prompt.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Details</h2>
      {summary.prompts.map((prompt) => (
        <PromptDetail prompt={prompt} />
      ))}
    </Page>,
  );
}

function part(value: number | undefined): string {
  return value === undefined ? "–" : formatPercent(value);
}

function PromptDetail(props: { prompt: PromptSummary }) {
  const { prompt } = props;
  const matched = new Set(prompt.matched.filter((index) => index >= 0));
  return (
    <details class="prompt-detail" id={`p-${prompt.id}`} open={prompt.score < 1}>
      <summary>
        {prompt.id} <span class={scoreClass(prompt.score, "score")}>{formatPercent(prompt.score)}</span>
        <span class="tag">{prompt.category}</span>
        {prompt.runs !== undefined ? <span class="tag">{`${prompt.runs} runs`}</span> : null}
      </summary>
      <p class="prompt">{prompt.prompt}</p>
      {prompt.error !== undefined ? <p class="status-failed">{prompt.error}</p> : null}
      <p class="muted">
        {prompt.steps} steps · {prompt.requests} model requests · {prompt.tokens.prompt} prompt + {prompt.tokens.completion} completion tokens · {formatMs(prompt.durationMs)} · stop: {prompt.stopReason}
      </p>
      <h3>Tool calls</h3>
      {prompt.toolCalls.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ol>
          {prompt.toolCalls.map((call, index) => (
            <li>
              <code>{call.name}</code>
              <span class={`tag ${call.format === "text" ? "tag-text" : ""}`}>{call.format}</span>
              {call.status !== "completed" ? <span class="tag tag-failed">{call.status}</span> : null}
              {matched.has(index) ? <span class="tag tag-matched">expected</span> : null}
              <pre>{JSON.stringify(call.arguments, null, 2)}</pre>
              {call.output !== "" ? (
                <details>
                  <summary class="muted">output</summary>
                  <pre>{call.output}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <h3>Answer</h3>
      {prompt.answer === "" ? <p class="muted">No answer.</p> : <pre>{prompt.answer}</pre>}
      {prompt.keywordsFound.length > 0 || prompt.parts.keywords !== undefined ? (
        <p class="muted">Keywords found: {prompt.keywordsFound.length > 0 ? prompt.keywordsFound.join(", ") : "none"}</p>
      ) : null}
      {prompt.check ? (
        <>
          <h3>Check</h3>
          <p>
            <code>{prompt.check.command}</code> →{" "}
            <span class={prompt.check.exitCode === 0 ? "check-passed" : "check-failed"}>{prompt.check.exitCode === null ? "did not finish" : `exit ${prompt.check.exitCode}`}</span>
          </p>
          {prompt.check.output !== "" ? <pre>{prompt.check.output}</pre> : null}
        </>
      ) : null}
    </details>
  );
}
