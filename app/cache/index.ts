export { CacheStore, toCachedRecord, type CachedRecord, type SyncCheckpoint } from './cache-store';
export { cacheFileName, cacheFilePath, normalizeCrmUrl, openCacheDb, removeCacheFiles } from './cache-file';
export { cacheMigrations } from './migrations';
export { isCachedModule, isMessagesRelated, moduleMeta, type ModuleMeta } from './module-meta';
export { foldText, normalizeEmail } from './normalize';
