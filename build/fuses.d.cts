/** Types for build/fuses.cjs, so the TypeScript test can read its table. */

export type FuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'LoadBrowserProcessSpecificV8Snapshot'
  | 'GrantFileProtocolExtraPrivileges';

export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}

declare function afterPack(context: AfterPackContext): Promise<void>;

declare namespace afterPack {
  export const FUSES: Readonly<Record<FuseName, boolean>>;
  export const FUSES_BY_INDEX: Readonly<Record<number, { name: string; enabled: boolean }>>;
  export function executablePath(context: AfterPackContext): string;
  export function checkWire(wire: Record<string, unknown>, FuseV1Options: Record<string, number | string>, FuseState: { ENABLE: number; DISABLE: number }): string[];
  export function fuseConfig(
    FuseV1Options: Record<string, number>,
    FuseVersion: { V1: string },
    options: { resetAdHocDarwinSignature: boolean },
  ): Record<string | number, unknown>;
  export { afterPack as default };
}

export = afterPack;
