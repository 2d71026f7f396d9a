/**
 * @switchyard/testing: helpers for the workspace's tests, never shipped: the real stack's
 * endpoints and unique names for integration tests, and apps run as real processes.
 */
export { testInfra, uniqueName, createTestTopics, eventually, type TestInfra } from './infra';
export { AppProcess, appProcessFor, freePort, type AppProcessOptions, type Exit, type LogLine } from './app-process';
export { expectCleanShutdown, expectStartRefused } from './app-process.expectations';
export { createTestDatabase, type TestDatabase } from './test-database';
export { TEST_CARDS, TEST_TRACKS, NOT_LUHN_VALID_PAN } from './test-cards';
