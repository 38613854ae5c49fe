export const FUSE_SENTINEL: string;
export const SHIPPED_WIRE: string;
export function standInExecutable(wire?: string): Buffer;
export function writeStandInElectronDist(dir: string, opts?: { version?: string; wire?: string }): string;
