/**
 * Splits a shell command line into the programs it runs, so settings rules can check each one.
 * Deliberately distrustful: anything whose programs cannot be known for sure (heredocs, process
 * substitution, eval, computed program names, functions…) is reported as unparseable, and the
 * policy asks the user about it instead of allowing it.
 */
import { expandWrappers, Unparseable } from "./shell-wrappers.ts";

export type ShellCall = {
  program: string;
  args: string[];
  /** Files the shell opens for this command (`> out`, `< in`); absent when there are none. */
  redirects?: Redirection[];
};

/** A redirection to or from a file (fd duplications such as `2>&1` are not files and are left out). */
export type Redirection = { target: string; write: boolean };

export type SplitResult = { ok: true; commands: ShellCall[] } | { ok: false; reason: string };

/**
 * @example splitShellCommand("FOO=1 git status && rm -rf build | tee log")
 * // → { ok: true, commands: [{program:"git",args:["status"]}, {program:"rm",...}, {program:"tee",...}] }
 */
export function splitShellCommand(line: string): SplitResult {
  try {
    return { ok: true, commands: splitOrThrow(line, 0) };
  } catch (error) {
    if (error instanceof Unparseable) return { ok: false, reason: error.message };
    throw error;
  }
}

/** A program with its arguments (no shell): still unwrapped (`sudo`, `bash -c`, `find -exec`…). */
export function expandProgramCall(call: ShellCall): SplitResult {
  try {
    return { ok: true, commands: expandWrappers(call, 0, splitOrThrow) };
  } catch (error) {
    if (error instanceof Unparseable) return { ok: false, reason: error.message };
    throw error;
  }
}

type Word = { value: string; dynamic: boolean; assignment: boolean };

const MAX_DEPTH = 6;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const BLANK = new Set([" ", "\t"]);
const WORD_END = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);
/** Reserved words that may precede a command, or close a compound one. */
const SKIPPED_KEYWORDS = new Set(["!", "{", "}", "if", "then", "else", "elif", "fi", "while", "until", "do", "done"]);
/** Constructs that define or run code in ways a program list cannot describe. */
const DISTRUSTED: Record<string, string> = {
  case: "`case` statements are not checked program by program",
  function: "function definitions are not checked program by program",
  coproc: "`coproc` is not checked program by program",
  trap: "`trap` runs text as a command",
  eval: "`eval` runs text as a command",
  alias: "`alias` redefines commands",
};

function splitOrThrow(line: string, depth: number): ShellCall[] {
  if (depth > MAX_DEPTH) throw new Unparseable("commands nested too deeply");
  const raw: ShellCall[] = [];
  parseLine(line, raw);
  return raw.flatMap((call) => expandWrappers(call, depth, splitOrThrow));
}

function parseLine(line: string, out: ShellCall[]): void {
  let i = 0;
  let backtickDepth = 0;
  const fail = (reason: string): never => {
    throw new Unparseable(reason);
  };

  /** Reads commands until `term` (consumed) or the end of the line. */
  function parseList(term: ")" | "`" | null): void {
    let words: Word[] = [];
    let redirects: Redirection[] = [];
    const finish = () => {
      if (words.length > 0 || redirects.length > 0) emitSimple(words, redirects, out);
      words = [];
      redirects = [];
    };
    for (;;) {
      const c = line[i];
      if (c === undefined) {
        if (term !== null) fail(term === ")" ? "unbalanced `(`" : "unbalanced backquote");
        finish();
        return;
      }
      const next = line[i + 1];
      if (BLANK.has(c)) i++;
      else if (c === "\\" && next === "\n") i += 2;
      else if (c === term) {
        i++;
        finish();
        return;
      } else if (c === "\n" || c === ";") {
        if (c === ";" && (next === ";" || next === "&")) fail("`case` statements are not checked program by program");
        i++;
        finish();
      } else if (c === "&") {
        if (next === ">") readRedirect(redirects);
        else {
          i += next === "&" ? 2 : 1;
          finish();
        }
      } else if (c === "|") {
        i += next === "|" || next === "&" ? 2 : 1;
        finish();
      } else if (c === "(") {
        if (words.length > 0) fail("`(` inside a command (a function definition?) is not checked");
        if (next === "(") fail("arithmetic commands `((…))` are not checked");
        i++;
        parseList(")");
      } else if (c === ")") fail("unbalanced `)`");
      else if (c === "#") while (i < line.length && line[i] !== "\n") i++;
      else if (c === "<" || c === ">") readRedirect(redirects);
      else if (/[0-9]/.test(c) && isFdRedirect()) readRedirect(redirects);
      else {
        const before = i;
        const word = readWord();
        // A backquote closing an outer substitution from inside `$(…)`: never loop on it.
        if (i === before) fail("nested backquotes are not checked");
        // Say "case"/"function" rather than tripping over their syntax further on.
        const distrusted = words.every((w) => w.assignment) && !word.dynamic ? DISTRUSTED[word.value] : undefined;
        if (distrusted !== undefined) fail(distrusted);
        words.push(word);
      }
    }
  }

  function isFdRedirect(): boolean {
    let j = i;
    while (j < line.length && /[0-9]/.test(line[j] as string)) j++;
    if (line[j] !== "<" && line[j] !== ">") return false;
    i = j;
    return true;
  }

  /** A redirection: its target is a file name, not an argument — but may hold substitutions. */
  function readRedirect(into: Redirection[]): void {
    const op = /^(&>>|&>|<<<|<<|<>|<&|>&|>>|>\||<|>)/.exec(line.slice(i))?.[0] ?? fail("bad redirection");
    if (op === "<<") fail("heredocs (`<<`) are not checked program by program");
    i += op.length;
    if (line[i] === "(") fail("process substitution `<(…)` / `>(…)` is not checked");
    while (BLANK.has(line[i] as string)) i++;
    const c = line[i];
    if (c === undefined || WORD_END.has(c)) fail(`redirection \`${op}\` without a target`);
    const target = readWord().value;
    // `>&2`, `<&-`, `<<< text`: a descriptor or a string, not a file.
    const duplicate = (op === ">&" || op === "<&") && /^(\d+|-)$/.test(target);
    if (!duplicate && op !== "<<<") into.push({ target, write: op !== "<" });
  }

  function readWord(): Word {
    let value = "";
    let dynamic = false;
    let plain = "";
    let quotedOrExpanded = false;
    for (;;) {
      const c = line[i];
      if (c === undefined || WORD_END.has(c)) break;
      if (c === "`" && backtickDepth > 0) break;
      if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) fail("unbalanced single quote");
        value += line.slice(i + 1, end);
        i = end + 1;
        quotedOrExpanded = true;
      } else if (c === "\"") {
        i++;
        value += readDoubleQuoted();
        dynamic ||= lastDoubleQuotedDynamic;
        quotedOrExpanded = true;
      } else if (c === "\\") {
        const escaped = line[i + 1];
        if (escaped === undefined) fail("a line ending in `\\`");
        if (escaped === "`" && backtickDepth > 0) fail("nested backquotes are not checked");
        if (escaped !== "\n") value += escaped;
        i += 2;
        quotedOrExpanded = true;
      } else if (c === "$") {
        const expanded = readDollar();
        value += expanded.text;
        dynamic ||= expanded.dynamic;
        quotedOrExpanded = true;
      } else if (c === "`") {
        readBackticks();
        value += "`…`";
        dynamic = true;
        quotedOrExpanded = true;
      } else {
        // `[` alone is the `test` program; with a closing `]` it is a glob.
        if ("*?{~".includes(c) || (c === "]" && value.includes("["))) dynamic = true;
        value += c;
        if (!quotedOrExpanded) plain += c;
        i++;
      }
    }
    return { value, dynamic, assignment: ASSIGNMENT.test(plain) };
  }

  let lastDoubleQuotedDynamic = false;
  function readDoubleQuoted(): string {
    let value = "";
    let dynamic = false;
    for (;;) {
      const c = line[i];
      if (c === undefined) fail("unbalanced double quote");
      if (c === "\"") {
        i++;
        break;
      }
      if (c === "\\") {
        const escaped = line[i + 1];
        if (escaped === "`" && backtickDepth > 0) fail("nested backquotes are not checked");
        if (escaped !== undefined && "$`\"\\\n".includes(escaped)) {
          if (escaped !== "\n") value += escaped;
          i += 2;
        } else {
          value += c;
          i++;
        }
      } else if (c === "$") {
        const expanded = readDollar();
        value += expanded.text;
        dynamic ||= expanded.dynamic;
      } else if (c === "`") {
        readBackticks();
        value += "`…`";
        dynamic = true;
      } else {
        value += c;
        i++;
      }
    }
    lastDoubleQuotedDynamic = dynamic;
    return value;
  }

  function readBackticks(): void {
    i++;
    backtickDepth++;
    parseList("`");
    backtickDepth--;
  }

  function readDollar(): { text: string; dynamic: boolean } {
    const next = line[i + 1];
    if (next === "(" && line[i + 2] === "(") return { text: skipBalanced("(", ")"), dynamic: true };
    if (next === "(") {
      i += 2;
      parseList(")");
      return { text: "$(…)", dynamic: true };
    }
    if (next === "{") return { text: skipBalanced("{", "}"), dynamic: true };
    if (next === "'") {
      // ANSI-C quoting can spell any name in escapes: treat as computed.
      let j = i + 2;
      while (j < line.length && line[j] !== "'") j += line[j] === "\\" ? 2 : 1;
      if (j >= line.length) fail("unbalanced `$'` quote");
      const text = line.slice(i + 2, j);
      i = j + 1;
      return { text, dynamic: true };
    }
    if (next === "\"") {
      i += 2;
      const text = readDoubleQuoted();
      return { text, dynamic: lastDoubleQuotedDynamic };
    }
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(line.slice(i));
    if (name) {
      i += name[0].length;
      return { text: name[0], dynamic: true };
    }
    i++;
    return { text: "$", dynamic: false };
  }

  /** `${…}` and `$((…))`: skipped whole; a substitution hidden inside them is distrusted. */
  function skipBalanced(open: string, close: string): string {
    const start = i;
    let depth = 0;
    for (let j = i + 1; j < line.length; j++) {
      const c = line[j];
      if (c === "\\") j++;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) {
        const whole = line.slice(start, j + 1);
        if (/\$\(|`|[<>]\(/.test(whole.slice(2))) fail(`a substitution inside \`${whole.slice(0, 3)}…\` is not checked`);
        i = j + 1;
        return whole;
      }
    }
    return fail(`unbalanced \`${line.slice(start, start + 3)}\``);
  }

  parseList(null);
}

/**
 * One simple command: drops assignments and reserved words, checks the program name is literal.
 * Redirections without a program (`> file`, `{ …; } > file`) are kept as the no-op `:`, which is
 * what the shell runs for them.
 */
function emitSimple(words: Word[], redirects: Redirection[], out: ShellCall[]): void {
  const withRedirects = (call: ShellCall): ShellCall => (redirects.length > 0 ? { ...call, redirects } : call);
  let start = 0;
  for (;;) {
    while (start < words.length && (words[start] as Word).assignment) start++;
    const first = words[start];
    if (first === undefined) {
      if (redirects.length > 0) out.push(withRedirects({ program: ":", args: [] }));
      return;
    }
    if (!first.dynamic && SKIPPED_KEYWORDS.has(first.value)) {
      start++;
      continue;
    }
    if (first.value === "{") {
      start++;
      continue;
    }
    break;
  }
  const programWord = words[start] as Word;
  const program = programWord.value;
  // `for x in …` / `select`: the header runs nothing itself (substitutions in it were already seen).
  if (program === "for" || program === "select") {
    if (redirects.length > 0) out.push(withRedirects({ program: ":", args: [] }));
    return;
  }
  const distrusted = DISTRUSTED[program];
  if (distrusted !== undefined) throw new Unparseable(distrusted);
  if (programWord.dynamic) throw new Unparseable(`the program name \`${program}\` is computed when the command runs`);
  if (program === "") throw new Unparseable("an empty program name");
  out.push(withRedirects({ program, args: words.slice(start + 1).map((w) => w.value) }));
}
