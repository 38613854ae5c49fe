export { MemoryCredentialStore, type CredentialStore } from './credential-store';
export { KeytarCredentialStore, classifyKeychainError, type KeychainProbe, type KeychainState, type KeytarLike, type KeytarStoreOptions } from './keytar-store';
