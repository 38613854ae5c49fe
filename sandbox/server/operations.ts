/** The operation table of vte_ws_operation: HTTP type (where parameters are read from) and prelogin flag. */
import { type OperationDef } from './context';
import { getchallenge, login, loginPwd, logout, extendSession } from './ops-auth';
import { listtypes, describe, retrieve, sync } from './ops-read';
import { query } from './ops-query';
import { create, update, revise, del, relate } from './ops-write';
import { olIsSdk, olGetFilters, olDoquery, olClientsearch } from './ops-outlook';

export const OPERATIONS: Record<string, OperationDef> = {
  getchallenge: { type: 'GET', prelogin: true, params: ['username'], handler: getchallenge },
  login: { type: 'POST', prelogin: true, params: ['username', 'accessKey'], handler: login },
  login_pwd: { type: 'POST', prelogin: true, params: ['username', 'password'], handler: loginPwd },
  extendsession: { type: 'POST', prelogin: true, params: [], handler: extendSession },
  logout: { type: 'POST', prelogin: false, params: ['sessionName'], handler: logout },
  listtypes: { type: 'GET', prelogin: false, params: ['fieldTypeList'], handler: listtypes },
  describe: { type: 'GET', prelogin: false, params: ['elementType'], handler: describe },
  describe_all: { type: 'GET', prelogin: false, params: ['elementType'], handler: describe },
  retrieve: { type: 'GET', prelogin: false, params: ['id'], handler: retrieve },
  create: { type: 'POST', prelogin: false, params: ['elementType', 'element'], handler: create },
  update: { type: 'POST', prelogin: false, params: ['element'], handler: update },
  revise: { type: 'POST', prelogin: false, params: ['element'], handler: revise },
  delete: { type: 'POST', prelogin: false, params: ['id'], handler: del },
  query: { type: 'GET', prelogin: false, params: ['query'], handler: query },
  sync: { type: 'GET', prelogin: false, params: ['modifiedTime', 'elementType'], handler: sync },
  relate: { type: 'POST', prelogin: false, params: ['id', 'relatelist', 'relationid'], handler: relate },
  ol_is_sdk: { type: 'POST', prelogin: false, params: ['client_version'], handler: olIsSdk },
  ol_get_filters: { type: 'POST', prelogin: false, params: ['module'], handler: olGetFilters },
  ol_doquery: { type: 'POST', prelogin: false, params: ['module', 'search_fields', 'search_value'], handler: olDoquery },
  ol_clientsearch: { type: 'POST', prelogin: false, params: ['modules', 'search_text'], handler: olClientsearch },
};
