export { loadStackConfig, StackConfigError, type StackConfig } from './config';
export { stackUp, stackDown, stackStatus, endpoints, type StackStatus, type UpResult } from './stack';
export { stackTopics, type StackTopic } from './topics';
