/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The packed-package test builds and installs; it runs as `npm run test:package` (jest.package.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/package/"],
  // Type-checking happens once in `npm run typecheck`; ts-jest only transpiles (isolatedModules), with
  // source maps so that stack traces, and the source locations synthesis records from them, name TS lines.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: { sourceMap: true } }] },
  moduleNameMapper: {
    "^cdktf-pg-ltr$": "<rootDir>/lib/index.ts",
    "^cdktf-pg-ltr/cdktn$": "<rootDir>/lib/cdktn.ts",
    "^cdktf-pg-ltr/emulator$": "<rootDir>/lib/emulator.ts",
  },
  testTimeout: 60000,
};
