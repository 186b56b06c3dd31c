// Lints planted source texts with the repository's ESLint config, through
// ESLint's Node API, in a plain Node process: Jest's module sandbox cannot
// load eslint.config.mjs (an ES module) without --experimental-vm-modules.
//
// stdin: {"cwd": "...", "ruleId": "...", "cases": [{"filePath": "...", "code": "..."}]}
// stdout: one array per case of {"ruleId", "message", "line"}, every problem of
// `ruleId` and every parsing error (ruleId null).
import { ESLint } from "eslint";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { cwd, ruleId, cases } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const eslint = new ESLint({
  cwd,
  // The project service only knows files on disk, and planted files must not
  // be written there; the layer rules need no type information.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  // Type-aware rules cannot run without the project service; the test is about one rule.
  ruleFilter: (rule) => rule.ruleId === ruleId,
});

const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push((result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line })));
}
process.stdout.write(JSON.stringify(results));
