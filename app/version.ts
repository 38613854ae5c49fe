/** Kept equal to package.json's version by a test (the bundles do not read package.json). */
export const APP_NAME = 'vtenext Mail Connector';
export const APP_VERSION = '0.1.0';
