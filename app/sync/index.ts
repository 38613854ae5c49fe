export { SyncEngine, type ModuleReport, type SyncCrm, type SyncOptions, type SyncProgress, type SyncReport, type SyncRunOptions } from './sync-engine';
export { keysetPages, type Page, type QueryRunner } from './keyset-pager';
