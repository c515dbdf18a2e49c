/** @type {import('jest').Config} */
// `npm run test:package`: packs the project, installs the tarball into a temporary cdktf app and a
// temporary cdktn app, and runs them. Kept out of `npm test` (jest.config.js), which it would slow by
// minutes.
module.exports = {
  ...require("./jest.config.js"),
  testPathIgnorePatterns: [],
  roots: ["<rootDir>/test/package"],
  testTimeout: 120000,
};
