// Lint: typescript-eslint's strict, type-aware rule set over the whole tree,
// plus the import rules that keep the layers of provider/ apart (see below).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layer rules use typescript-eslint's no-restricted-imports (same options as
// ESLint's) because it also sees `import x = require("…")` and `export … from`.
const RESTRICTED_IMPORTS = "@typescript-eslint/no-restricted-imports";

// Patterns are regular expressions over the import string as written. The
// relative ones need at least one `../`, so they match `../host/xen-host` and
// `../../remote/ssh` from any depth of the importing folder, and never a
// sibling module such as `./host-state`.
const SSH2 = {
  regex: "^ssh2(/|$)",
  message: "Only provider/remote/ talks SSH: run commands with runCommand or runScript from remote/ssh.",
};
const PULUMI_RUNTIME = {
  regex: "^@pulumi/",
  message: "model/ and schema/ do not depend on the Pulumi runtime: keep them plain TypeScript, testable without it.",
};
const HOST = {
  regex: "^(\\.\\./)+host(/|$)",
  message: "model/ and schema/ are pure and do no I/O: they must not import host/; let host/ call them with the data instead.",
};
const REMOTE = {
  regex: "^(\\.\\./)+remote(/|$)",
  message: "model/ and schema/ are pure and do no I/O: they must not import remote/.",
};
const PROVIDERS = {
  regex: "^(\\.\\./)+providers(/|$)",
  message: "host/ sits below providers/: it must not import them; take what it needs as arguments.",
};
const RESOURCES = {
  regex: "^(\\.\\./)+resources(/|$)",
  message: "host/ sits below resources/: it must not import them; take what it needs as arguments.",
};
const ENTRY_POINTS = {
  regex: "^(\\.\\./)+(lookups|cli)(/|$)",
  message: "host/ sits below lookups/ and cli/: it must not import them; take what it needs as arguments.",
};

const PLUGIN = {
  regex: "^(\\.\\./)+plugin(/|$)",
  message: "plugin/ is an entry point (the provider plugin's process): nothing below or beside it imports it.",
};
const HOST_FROM_PLUGIN = {
  regex: "^(\\.\\./)+(host|remote)(/|$)",
  message: "plugin/ serves the providers and lookups: reach a host through them (providers/adapter's hostFor), never through host/ or remote/.",
};
const BESIDE_PLUGIN = {
  regex: "^(\\.\\./)+(resources|cli)(/|$)",
  message: "plugin/ sits beside resources/ and cli/: it must not import them.",
};

// sim/ is a package of its own: the simulated host, which must behave as a real
// host does, not as the package expects one to.
const PROVIDER_FROM_SIM = {
  regex: "^((\\.\\./)+provider|pulumi-xenserver-pci)(/|$)",
  message: "sim/ is a package of its own (the simulated host): it imports nothing from provider/; give it its own copy of what it needs.",
};

/** A no-restricted-imports setting that forbids `patterns`. */
const forbid = (...patterns) => ({ [RESTRICTED_IMPORTS]: ["error", { patterns }] });

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
  // Layers. A later block replaces the options of an earlier one for the files
  // both match, so every block repeats the ssh2 rule. Tests are exempt: they
  // reach into any layer, and the simulated host's test client needs ssh2.
  {
    files: ["**/*.ts"],
    ignores: [
      "provider/remote/**",
      "test/**",
      "sim/test/**",
      // The benchmark's baseline: one brand-new connection per command, the way
      // a generic remote-command resource works, which is what the package's
      // pooled connections are measured against, so it must not use them.
      "scripts/bench/fresh-connection-exec.ts",
    ],
    rules: forbid(SSH2),
  },
  {
    files: ["provider/host/**/*.ts"],
    rules: forbid(SSH2, PROVIDERS, RESOURCES, ENTRY_POINTS, PLUGIN),
  },
  {
    files: ["provider/model/**/*.ts", "provider/schema/**/*.ts"],
    rules: forbid(SSH2, PULUMI_RUNTIME, HOST, REMOTE, PLUGIN),
  },
  {
    files: ["provider/providers/**/*.ts", "provider/lookups/**/*.ts", "provider/resources/**/*.ts", "provider/cli/**/*.ts"],
    rules: forbid(SSH2, PLUGIN),
  },
  {
    files: ["provider/plugin/**/*.ts"],
    rules: forbid(SSH2, HOST_FROM_PLUGIN, BESIDE_PLUGIN),
  },
  {
    files: ["sim/**/*.ts"],
    ignores: ["sim/test/**"],
    rules: forbid(SSH2, PROVIDER_FROM_SIM),
  },
  {
    files: ["sim/test/**/*.ts"],
    rules: forbid(PROVIDER_FROM_SIM),
  },
);
