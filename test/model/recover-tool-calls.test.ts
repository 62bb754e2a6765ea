import { describe, expect, test } from "bun:test";
import { recoverToolCalls, stripThinking } from "../../src/model/recover-tool-calls.ts";
import type { ToolSpec } from "../../src/model/types.ts";

const tools: ToolSpec[] = [
  {
    name: "read_file",
    description: "",
    parameters: { type: "object", properties: { path: { type: "string" }, line: { type: "integer" }, limit: { type: "integer" } } },
  },
  { name: "write_file", description: "", parameters: { type: "object", properties: { path: { type: "string" }, content: { type: "string" } } } },
];

describe("recoverToolCalls", () => {
  const cases: Array<{ name: string; text: string; calls: Array<{ name: string; args: unknown }>; rest: string }> = [
    {
      name: "Hermes JSON with an arguments object",
      text: 'Let me look.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "src/app.py"}}\n</tool_call>',
      calls: [{ name: "read_file", args: { path: "src/app.py" } }],
      rest: "Let me look.",
    },
    {
      name: "arguments as a JSON string",
      text: '<tool_call>{"name":"read_file","arguments":"{\\"path\\": \\"a.py\\"}"}</tool_call>',
      calls: [{ name: "read_file", args: { path: "a.py" } }],
      rest: "",
    },
    {
      name: "two calls, the second missing its closing tag (truncated)",
      text: '<tool_call>{"name":"read_file","arguments":{"path":"a.py"}}</tool_call>\n<tool_call>{"name":"read_file","arguments":{"path":"b.py"}}',
      calls: [
        { name: "read_file", args: { path: "a.py" } },
        { name: "read_file", args: { path: "b.py" } },
      ],
      rest: "",
    },
    {
      name: "Qwen3-Coder XML with typed parameters",
      text: "<tool_call>\n<function=read_file>\n<parameter=path>\nsrc/app.py\n</parameter>\n<parameter=line>\n10\n</parameter>\n</function>\n</tool_call>",
      calls: [{ name: "read_file", args: { path: "src/app.py", line: 10 } }],
      rest: "",
    },
    {
      name: "Qwen3-Coder XML keeps multi-line string content exactly",
      text: "<tool_call>\n<function=write_file>\n<parameter=path>\nhello.py\n</parameter>\n<parameter=content>\nprint('hi')\n\nprint(2)\n</parameter>\n</function>\n</tool_call>",
      calls: [{ name: "write_file", args: { path: "hello.py", content: "print('hi')\n\nprint(2)" } }],
      rest: "",
    },
    {
      name: "Qwen3-Coder XML truncated inside a parameter",
      text: "<tool_call>\n<function=write_file>\n<parameter=path>\nx.py\n</parameter>\n<parameter=content>\nprint(1)",
      calls: [{ name: "write_file", args: { path: "x.py", content: "print(1)" } }],
      rest: "",
    },
    {
      name: "thinking is stripped first: calls inside it do not count",
      text: '<think>maybe <tool_call>{"name":"read_file","arguments":{"path":"no.py"}}</tool_call></think>Done thinking.',
      calls: [],
      rest: "Done thinking.",
    },
    {
      name: "JSON in prose is never a call",
      text: 'Call it like {"name": "read_file", "arguments": {"path": "a.py"}} and see.',
      calls: [],
      rest: 'Call it like {"name": "read_file", "arguments": {"path": "a.py"}} and see.',
    },
    {
      name: "junk after the JSON object is tolerated",
      text: '<tool_call>{"name":"read_file","arguments":{"path":"a.py"}}}</tool_call>',
      calls: [{ name: "read_file", args: { path: "a.py" } }],
      rest: "",
    },
    {
      name: "a block without a name is dropped",
      text: '<tool_call>{"arguments":{"path":"a.py"}}</tool_call>',
      calls: [],
      rest: "",
    },
  ];
  for (const testCase of cases) {
    test(testCase.name, () => {
      const recovery = recoverToolCalls(testCase.text, tools);
      expect(recovery.calls.map((call) => ({ name: call.name, args: JSON.parse(call.arguments) }))).toEqual(testCase.calls);
      expect(recovery.text).toBe(testCase.rest);
    });
  }

  test("arguments given as a non-JSON string stay as the model wrote them", () => {
    const recovery = recoverToolCalls('<tool_call>{"name":"read_file","arguments":"path=a.py"}</tool_call>');
    expect(recovery.calls).toEqual([{ name: "read_file", arguments: "path=a.py" }]);
  });
});

describe("stripThinking", () => {
  test.each([
    ["<think>a</think>answer", "answer"],
    ["before<think>unclosed", "before"],
    ["template opened it</think>answer", "answer"],
    ["no thinking", "no thinking"],
  ])("%j → %j", (input, output) => {
    expect(stripThinking(input)).toBe(output);
  });
});
