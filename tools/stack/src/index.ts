export { loadStackConfig, StackConfigError, type StackConfig } from './config';
export { stackUp, stackDown, stackStatus, endpoints, type StackStatus, type UpResult } from './stack';
export { testInfra, uniqueName, createTestTopics, eventually, type TestInfra } from './testing';
export { stackTopics, type StackTopic } from './topics';
