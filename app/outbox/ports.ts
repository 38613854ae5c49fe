import type { VtenextClient } from '../crm';

/** What sending needs of the CRM client; `VtenextClient` provides it. */
export type LinkClient = Pick<VtenextClient, 'endpoint' | 'login' | 'retrieve' | 'query' | 'create' | 'relate' | 'describe'>;

export interface SpoolReader {
  pathOf(sha256: string): string;
}
