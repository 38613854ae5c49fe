/** Fault injection for client tests (control API only): each fault matches an operation and fires `count` times. */
export type FaultKind = 'latency' | 'status' | 'reset' | 'hang' | 'drop-after-commit' | 'upload-fail' | 'maintenance';

export interface Fault {
  kind: FaultKind;
  /** Operation name to match; all operations when absent. */
  operation?: string;
  ms?: number;
  status?: number;
  /** For upload-fail: drop the connection after this many request-body bytes. */
  bytes?: number;
  /** For maintenance: the text of the error string. */
  message?: string;
  /** How many times it fires; unlimited when absent. */
  count?: number;
}

export class FaultTable {
  private faults: Fault[] = [];

  add(f: Fault): void {
    this.faults.push({ ...f });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Takes the first matching fault of the given kinds, consuming one use. */
  take(operation: string | null, kinds: FaultKind[], only?: (f: Fault) => boolean): Fault | undefined {
    const i = this.faults.findIndex(
      (f) => kinds.includes(f.kind) && (!f.operation || f.operation === operation) && (f.count === undefined || f.count > 0) && (!only || only(f)),
    );
    if (i === -1) return undefined;
    const f = this.faults[i] as Fault;
    if (f.count !== undefined) f.count -= 1;
    return { ...f };
  }
}
