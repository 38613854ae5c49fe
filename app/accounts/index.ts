export {
  accountId,
  createAccounts,
  keychainService,
  type AccountInfo,
  type Accounts,
  type AccountsDeps,
  type AddAccountInput,
  type ConnectionTest,
} from './accounts-service';
export { accountsMigration, ensureAccountsTable } from './account-schema';
