/** Unit, integration (real database) and end-to-end (real HTTP) tests, all TypeScript. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // tsconfig's isolatedModules makes ts-jest transpile only; `npm run typecheck` checks types.
  transform: { "^.+\\.ts$": "ts-jest" },
  testTimeout: 30000,
};
