// The linter of the book's page scripts (_ext/static), run by `make lint` after `npm ci`.
//
// Every global a script may use is named here, so that a name read out of its scope (a
// variable of another function, a typo, a global the page does not define) is an error
// and not a ReferenceError in the reader's browser. `self` is a global in the worker
// only: in the page scripts it is always the local `const self = this`.
import js from "@eslint/js";

const BROWSER = {
  window: "readonly", document: "readonly", history: "readonly", performance: "readonly",
  URL: "readonly", Blob: "readonly", Worker: "readonly", Event: "readonly", CustomEvent: "readonly",
  setTimeout: "readonly",
};
const WORKER = {
  self: "readonly", fetch: "readonly", performance: "readonly", URL: "readonly", TextDecoder: "readonly",
};
// Loaded by the pages before their own scripts (_ext/offline_site.py); read as window.Plotly.
const PAGE = { Plotly: "readonly" };

const SCOPE = {
  "no-undef": "error",
  "no-unused-vars": ["error", { vars: "all", args: "after-used", caughtErrors: "all" }],
  "block-scoped-var": "error",
  "no-use-before-define": ["error", { functions: false, classes: true, variables: true }],
  "no-shadow": ["error", { builtinGlobals: false, hoist: "functions" }],
  "no-redeclare": "error",
  "no-implicit-globals": "error",
  "no-var": "error",
  "prefer-const": "error",
  eqeqeq: ["error", "always"],
};

export default [
  { ignores: ["node_modules/", "_build/", "_build_student/", ".cache/", "lite/", ".venv/"] },
  js.configs.recommended,
  {
    files: ["_ext/static/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...BROWSER, ...PAGE } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: { ...SCOPE, strict: ["error", "function"] },
  },
  {
    files: ["_ext/static/**/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: WORKER },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: SCOPE,
  },
  {
    files: ["eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
  },
];
