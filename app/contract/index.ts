export * from './result';
export { CALL_NAMES, EVENT_NAMES, SHELL_CALL_NAMES } from './plain';
export * from './mail';
export * from './crm';
export * from './outbox';
export * from './desktop';
export * from './api';
export * from './wire';
export * from './bridge';
