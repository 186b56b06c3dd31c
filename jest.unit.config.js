/**
 * `npm run test:unit`: the unit tests alone, for a fast loop. They run no
 * simulated host, so the global setup (which compiles the package and the
 * simulator for the host's tools) is skipped.
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/test/unit"],
  globalSetup: undefined,
  reporters: ["default"],
};
