export * from './result';
export * from './mail';
export * from './crm';
export * from './api';
export * from './wire';
export * from './bridge';
