/** Test layers of design §8; `npm test` runs the fast ones, e2e and browser have their own scripts. */
const layer = (name, extra = {}) => ({
  displayName: name,
  preset: "ts-jest",
  testEnvironment: "node",
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  // Emulator round trips share 2 cores with the other worker; 5 s is too tight for a first SDK load.
  testTimeout: 30_000,
  ...extra,
});

module.exports = {
  // Two workers recycled above 1 GB: on 2 cores jest would otherwise run every file in one process,
  // where modules loaded per file (the Pulumi and provider SDKs) pile up until the machine runs out.
  maxWorkers: 2,
  workerIdleMemoryLimit: "1GB",
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
