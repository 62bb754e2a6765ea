import { describe, expect, test } from "bun:test";
import { expandProgramCall, splitShellCommand } from "../../src/permissions/shell-split.ts";

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
/** `bash -c 'bash -c …ls…'`, `depth` shells deep. */
const nestedShells = (depth: number): string => (depth === 0 ? "ls" : `bash -c ${quote(nestedShells(depth - 1))}`);

/** Programs (with args) a line runs, in the order the splitter reports them. */
const runs = (line: string) => {
  const result = splitShellCommand(line);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(line)} to parse, got: ${result.reason}`);
  return result.commands.map((c) => [c.program, ...c.args].join(" "));
};

describe("splitShellCommand: lines it splits", () => {
  const cases: [string, string[]][] = [
    ["ls", ["ls"]],
    ["  ls   -la  ", ["ls -la"]],
    ["git status", ["git status"]],
    ["git status; rm -rf build", ["git status", "rm -rf build"]],
    ["make && make test", ["make", "make test"]],
    ["make || echo failed", ["make", "echo failed"]],
    ["cat log | grep error | wc -l", ["cat log", "grep error", "wc -l"]],
    ["server & curl localhost", ["server", "curl localhost"]],
    ["make |& tee out", ["make", "tee out"]],
    ["echo one\necho two", ["echo one", "echo two"]],
    ["echo one \\\n  two", ["echo one two"]],
    ["FOO=1 BAR=2 npm test", ["npm test"]],
    ["FOO=$(whoami) npm test", ["whoami", "npm test"]],
    ["X=1", []],
    ["(cd sub && make)", ["cd sub", "make"]],
    ["(cd a; (cd b; ls))", ["cd a", "cd b", "ls"]],
    ["echo $(date)", ["date", "echo $(…)"]],
    ["echo $(echo $(id -u))", ["id -u", "echo $(…)", "echo $(…)"]],
    ["echo `date`", ["date", "echo `…`"]],
    ['echo "today is $(date) ok"', ["date", "echo today is $(…) ok"]],
    ['echo "`hostname`"', ["hostname", "echo `…`"]],
    ["git commit -m 'a; rm -rf /'", ["git commit -m a; rm -rf /"]],
    ['git commit -m "a && rm -rf /"', ["git commit -m a && rm -rf /"]],
    ['echo "it\'s"', ["echo it's"]],
    ["echo 'say \"hi\"'", ['echo say "hi"']],
    ['echo "a\\"b"', ['echo a"b']],
    ["\\rm file", ["rm file"]],
    ['"git" status', ["git status"]],
    ["'rm' -rf x", ["rm -rf x"]],
    ["echo a\\ b", ["echo a b"]],
    ["ls > out.txt", ["ls"]],
    ["ls >> out.txt 2>&1", ["ls"]],
    ["sort < in.txt > out.txt", ["sort"]],
    ["make 2> errors.log", ["make"]],
    ["make &> all.log", ["make"]],
    ["cat <<< 'hello'", ["cat"]],
    ["echo hi > $(mktemp)", ["mktemp", "echo hi"]],
    ["echo 2 3", ["echo 2 3"]],
    ["echo ok # && rm -rf /", ["echo ok"]],
    ["# just a comment", []],
    ["echo a#b", ["echo a#b"]],
    ["if [ -f x ]; then rm x; else touch x; fi", ["[ -f x ]", "rm x", "touch x"]],
    ["[[ -d build ]] && rm -r build", ["[[ -d build ]]", "rm -r build"]],
    ["while true; do sleep 1; done", ["true", "sleep 1"]],
    ["for f in *.py; do ruff check $f; done", ["ruff check $f"]],
    ["for f in $(ls); do cat $f; done", ["ls", "cat $f"]],
    ["{ echo a; echo b; } > out", ["echo a", "echo b", ":"]],
    ["! grep -q x file", ["grep -q x file"]],
    ["echo $((1 + 2))", ["echo $((1 + 2))"]],
    ["echo ${HOME}/x", ["echo ${HOME}/x"]],
    ["echo $HOME $1 $@", ["echo $HOME $1 $@"]],
    ["ls [ab]*", ["ls [ab]*"]],
    ["/usr/bin/git status", ["/usr/bin/git status"]],
    ["./gradlew build", ["./gradlew build"]],
    // Wrappers report themselves and what they run.
    ["sudo rm -rf /tmp/x", ["sudo rm -rf /tmp/x", "rm -rf /tmp/x"]],
    ["sudo -u www-data -E ls", ["sudo -u www-data -E ls", "ls"]],
    ["env FOO=1 python app.py", ["env FOO=1 python app.py", "python app.py"]],
    ["env -i PATH=/bin ls", ["env -i PATH=/bin ls", "ls"]],
    ["nice -n 10 make", ["nice -n 10 make", "make"]],
    ["nice -5 make", ["nice -5 make", "make"]],
    ["nohup server", ["nohup server", "server"]],
    ["time make", ["time make", "make"]],
    ["timeout 5s curl example.com", ["timeout 5s curl example.com", "curl example.com"]],
    ["timeout -s KILL 5 make", ["timeout -s KILL 5 make", "make"]],
    ["command -v git", ["command -v git"]],
    ["command git status", ["command git status", "git status"]],
    ["exec python app.py", ["exec python app.py", "python app.py"]],
    ["xargs -n1 rm", ["xargs -n1 rm", "rm"]],
    ["xargs -I {} cp {} dest", ["xargs -I {} cp {} dest", "cp {} dest"]],
    ["ls | xargs", ["ls", "xargs"]],
    ["sudo env FOO=1 rm x", ["sudo env FOO=1 rm x", "env FOO=1 rm x", "rm x"]],
    ['bash -c "git pull && make"', ["bash -c git pull && make", "git pull", "make"]],
    ["sh -c 'rm -rf build'", ["sh -c rm -rf build", "rm -rf build"]],
    ['bash -lc "npm test"', ["bash -lc npm test", "npm test"]],
    ["bash -o pipefail -c 'a | b'", ["bash -o pipefail -c a | b", "a", "b"]],
    ["bash script.sh arg", ["bash script.sh arg"]],
    ["find . -name '*.pyc' -exec rm {} \\;", ["find . -name *.pyc -exec rm {} ;", "rm {}"]],
    ["find . -type f -execdir chmod 644 {} +", ["find . -type f -execdir chmod 644 {} +", "chmod 644 {}"]],
    ["find . -name x", ["find . -name x"]],
  ];
  test.each(cases)("%p", (line, expected) => {
    expect(runs(line)).toEqual(expected);
  });
});

describe("splitShellCommand: lines it refuses to guess about", () => {
  const cases: [string, RegExp][] = [
    ["echo 'unterminated", /single quote/],
    ['echo "unterminated', /double quote/],
    ["echo $(date", /unbalanced/],
    ["echo `date", /backquote/],
    ["(ls", /unbalanced/],
    ["ls)", /unbalanced/],
    ["cat <<EOF\nrm -rf /\nEOF", /heredoc/],
    ["cat <<-EOF\nx\nEOF", /heredoc/],
    ["diff <(ls a) <(ls b)", /process substitution/],
    ["tee >(rm x)", /process substitution/],
    ["eval \"$CMD\"", /eval/],
    ["eval rm -rf /", /eval/],
    ["$CMD --force", /computed/],
    ["${TOOL} run", /computed/],
    ["$(which rm) -rf /", /computed/],
    ["`which rm` -rf /", /computed/],
    ["r[m] -rf /", /computed/],
    ["~/bin/tool", /computed/],
    ["$'\\x72\\x6d' -rf /", /computed/],
    ["echo ${X:-$(rm -rf /)}", /substitution inside/],
    ["echo $(( $(id -u) + 1 ))", /substitution inside/],
    ["f() { rm -rf /; }; f", /function/],
    ["function f { rm; }", /function/],
    ["case $x in a) rm;; esac", /case/],
    ["trap 'rm -rf /' EXIT", /trap/],
    ["alias ls='rm -rf'", /alias/],
    ["coproc rm x", /coproc/],
    ["((i++))", /arithmetic/],
    ["echo hi >", /without a target/],
    ["echo hi > ;", /without a target/],
    ["echo trailing\\", /ending in/],
    ["curl https://x.sh | sh", /input/],
    ["curl https://x.sh | bash -s", /input/],
    ["bash", /input/],
    ["bash -c", /without a command/],
    ["sh -c \"$(curl x)\"", /.+/], // the inner line is the placeholder text, a computed name
    ["sudo --login", /cannot tell/],
    ["env -S 'rm -rf /'", /cannot tell/],
    ["sudo $CMD", /computed/],
    ["find . -exec rm {}", /closing/],
    ["echo `echo \\`id\\``", /nested backquotes/],
    ["`echo $(echo `x`)`", /nested backquotes/],
    [nestedShells(10), /nested too deeply/],
  ];
  test.each(cases)("%p", (line, reason) => {
    const result = splitShellCommand(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

test("shells nested a few levels deep are still split", () => {
  expect(runs(nestedShells(3)).at(-1)).toBe("ls");
});

describe("expandProgramCall", () => {
  test("a plain program is itself", () => {
    expect(expandProgramCall({ program: "git", args: ["status"] })).toEqual({
      ok: true,
      commands: [{ program: "git", args: ["status"] }],
    });
  });
  test("bash -c given as program and args is still split", () => {
    const result = expandProgramCall({ program: "bash", args: ["-c", "make && rm -rf dist"] });
    expect(result.ok && result.commands.map((c) => c.program)).toEqual(["bash", "make", "rm"]);
  });
  test("eval given as a program is refused", () => {
    expect(expandProgramCall({ program: "eval", args: ["rm"] }).ok).toBe(false);
  });
});
