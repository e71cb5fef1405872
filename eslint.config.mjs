import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "cdktf-aspect/dist/**", ".bench/**", "node_modules/**", "**/node_modules/**", "examples/**/cdktf.out/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `any` needs a comment saying why; an eslint-disable line with a reason is that comment.
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Issue 17: no function over 60 lines in the core, the aspect and check, counted from its first line to its last.
    files: ["policies/**/*.ts", "cdktf-aspect/**/*.ts", "cli/**/*.ts"],
    rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }] },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
