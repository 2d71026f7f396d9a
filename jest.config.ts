/**
 * One jest run for the whole workspace: a project per package, so `pnpm test` from the root runs
 * unit tests (`*.spec.ts`, pure logic) and integration tests (`*.int-spec.ts`, real PostgreSQL,
 * Kafka and Redis brought up by `tools/stack` in globalSetup).
 *
 * `SWITCHYARD_TEST_TIER=unit` runs the unit tier alone and never touches the stack.
 */
import type { Config } from 'jest';

const unitOnly = process.env.SWITCHYARD_TEST_TIER === 'unit';

const packages: Array<{ name: string; dir: string }> = [
  { name: 'contracts', dir: 'libs/contracts' },
  { name: 'iso8583', dir: 'libs/iso8583' },
  { name: 'messaging', dir: 'libs/messaging' },
  { name: 'platform', dir: 'libs/platform' },
  { name: 'stack', dir: 'tools/stack' },
  { name: 'testing', dir: 'tools/testing' },
  { name: 'controller', dir: 'apps/controller' },
  { name: 'sidecar', dir: 'apps/sidecar' },
  { name: 'client-sim', dir: 'apps/client-sim' },
  { name: 'host-sim', dir: 'apps/host-sim' },
];

// SWC compiles TypeScript for jest; decorator metadata is required by NestJS and class-validator.
const swcTransform: [string, Record<string, unknown>] = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// Tests import workspace libraries from source, so no build is needed before `pnpm test`.
const moduleNameMapper = {
  '^@switchyard/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
  '^@switchyard/iso8583$': '<rootDir>/../../libs/iso8583/src/index.ts',
  '^@switchyard/messaging$': '<rootDir>/../../libs/messaging/src/index.ts',
  '^@switchyard/platform$': '<rootDir>/../../libs/platform/src/index.ts',
  '^@switchyard/stack$': '<rootDir>/../../tools/stack/src/index.ts',
  '^@switchyard/testing$': '<rootDir>/../../tools/testing/src/index.ts',
};

const config: Config = {
  globalSetup: unitOnly ? undefined : '<rootDir>/tools/stack/src/jest-global-setup.ts',
  globalTeardown: unitOnly ? undefined : '<rootDir>/tools/stack/src/jest-global-teardown.ts',
  projects: packages.map(({ name, dir }) => ({
    displayName: name,
    rootDir: `<rootDir>/${dir}`,
    testEnvironment: 'node',
    testMatch: unitOnly
      ? ['<rootDir>/{src,test}/**/*.spec.ts']
      : ['<rootDir>/{src,test}/**/*.spec.ts', '<rootDir>/{src,test}/**/*.int-spec.ts'],
    transform: { '^.+\\.ts$': swcTransform },
    moduleNameMapper,
    setupFiles: ['<rootDir>/../../jest.setup.ts'],
  })),
};

export default config;
