export { VtenextClient, webserviceUrl, type CallOptions, type UploadFile, type VtenextClientOptions } from './client';
export { fetchTransport, type FetchLike, type HttpRequest, type HttpResponse, type Transport } from './transport';
export { nodeTransport, type NodeTransportOptions } from './node-transport';
export { fetchServerFingerprint, normalizeFingerprint } from './tls-pin';
export { buildSelect, vtqlString, vtqlName, type Condition, type SelectSpec } from './vtql';
export type { CrmRecord, DescribeResult, DescribeField, ListTypesResult, LoginResult } from './types';
