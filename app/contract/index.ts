export * from './result';
export { CALL_NAMES, EVENT_NAMES } from './plain';
export * from './mail';
export * from './crm';
export * from './outbox';
export * from './api';
export * from './wire';
export * from './bridge';
