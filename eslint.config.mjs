// Lint: typescript-eslint's strict, type-aware rule set over the whole tree,
// plus the import rules that keep the layers of provider/ apart (see below).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layerBlocks } from "./eslint-layers.mjs";

// The layer rules use typescript-eslint's no-restricted-imports (same options as
// ESLint's) because it also sees `import x = require("…")` and `export … from`.
// They are generated from the one table of layers.json (eslint-layers.mjs).
const RESTRICTED_IMPORTS = "@typescript-eslint/no-restricted-imports";

export default tseslint.config(
  // sdk/ is generated from schema.json (scripts/gen-sdk.sh); examples/nodejs-sdk
  // imports that SDK as an installed package, so it is checked where it runs
  // (test/e2e/nodejs-sdk.test.ts), not here.
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "**/*.js", "**/*.mjs", "sdk/**", "examples/nodejs-sdk/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Layers, from layers.json. Tests are exempt: they reach into any layer.
  ...layerBlocks(RESTRICTED_IMPORTS, {
    // The benchmark's baseline: one brand-new connection per command, the way
    // a generic remote-command resource works, which is what the package's
    // pooled connections are measured against, so it must not use them.
    ssh2Exempt: ["scripts/bench/fresh-connection-exec.ts"],
  }),
);
