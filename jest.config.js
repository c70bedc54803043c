/** Test layers of design §8; `npm test` runs the fast ones, e2e and browser have their own scripts. */
const layer = (name, extra = {}) => ({
  displayName: name,
  preset: "ts-jest",
  testEnvironment: "node",
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  ...extra,
});

module.exports = {
  projects: [
    layer("unit"),
    layer("providers"),
    layer("contract"),
    layer("serialization"),
    layer("e2e"),
    layer("browser"),
    layer("scripts"),
  ],
};
