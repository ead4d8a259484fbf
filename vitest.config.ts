import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      EVENT_BUS_NAME: 'brandflow-test',
      // The local profile: fake platform servers on 127.0.0.1 (functions/aws/env.ts isLocalProfile).
      BRANDFLOW_RUN_PROFILE: 'local',
    },
    // Handler logs are kept for failing tests only, so a green run reads as a list of behaviours.
    silent: 'passed-only',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
