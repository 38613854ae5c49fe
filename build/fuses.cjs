// electron-builder afterPack hook: flips Electron's fuses in the packaged binary (security
// checklist item 19) and reads them back, so a build can never ship with a fuse in the wrong
// state. Wired by `afterPack: build/fuses.cjs` in build/electron-builder.yml.
//
// Needs the dev dependency `@electron/fuses` (1.8.x runs on Node 20; 2.x is ESM and needs
// Node >= 22.12). It is not installed yet: the packaging issue adds it. Until then this hook
// fails the package step on purpose instead of shipping an unfused binary.
//
// Why each fuse:
//   RunAsNode OFF                          ELECTRON_RUN_AS_NODE would turn the signed app into a
//                                          general-purpose Node. (Also why the core must start its
//                                          parser with utilityProcess, not child_process.fork.)
//   EnableNodeOptionsEnvironmentVariable OFF  NODE_OPTIONS=--require evil.js would run in main.
//   EnableNodeCliInspectArguments OFF      --inspect would attach a debugger to main.
//   GrantFileProtocolExtraPrivileges OFF   the app loads from app://, file:// needs no powers.
//   EnableCookieEncryption ON              the profile's cookie store is encrypted with the OS key.
//   EnableEmbeddedAsarIntegrityValidation ON  app.asar is checked against the hash in the binary.
//   OnlyLoadAppFromAsar ON                 no loose app/ folder next to the asar is ever loaded.
//   LoadBrowserProcessSpecificV8Snapshot OFF  the default; listed because strictlyRequireAllFuses
//                                          makes every fuse the library knows an explicit decision.
'use strict';

const path = require('node:path');

/** Fuse name (as in @electron/fuses' FuseV1Options) → state. */
const FUSES = Object.freeze({
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
});

/** The packaged executable electron-builder just wrote, per platform. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`fuses: unknown platform ${electronPlatformName}`);
  }
}

/** The object flipFuses() takes, built from FUSES and the library's own enum. */
function fuseConfig(FuseV1Options, FuseVersion, { resetAdHocDarwinSignature }) {
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: true, resetAdHocDarwinSignature };
  for (const [name, enabled] of Object.entries(FUSES)) {
    const option = FuseV1Options[name];
    if (option === undefined) throw new Error(`fuses: @electron/fuses does not know the fuse ${name}`);
    config[option] = enabled;
  }
  return config;
}

async function loadFusesLibrary() {
  try {
    const mod = await import('@electron/fuses');
    return mod.flipFuses ? mod : mod.default;
  } catch (err) {
    throw new Error('fuses: @electron/fuses is not installed; add it as a dev dependency before packaging', { cause: err });
  }
}

async function afterPack(context) {
  const { flipFuses, getCurrentFuseWire, FuseV1Options, FuseVersion, FuseState } = await loadFusesLibrary();
  const exe = executablePath(context);
  const arm64Mac = context.electronPlatformName === 'darwin' && context.arch === 3; // builder-util Arch.arm64
  await flipFuses(exe, fuseConfig(FuseV1Options, FuseVersion, { resetAdHocDarwinSignature: arm64Mac }));

  const wire = await getCurrentFuseWire(exe);
  for (const [name, enabled] of Object.entries(FUSES)) {
    const expected = enabled ? FuseState.ENABLE : FuseState.DISABLE;
    if (wire[FuseV1Options[name]] !== expected) throw new Error(`fuses: ${name} did not end up ${enabled ? 'ON' : 'OFF'} in ${exe}`);
  }
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.executablePath = executablePath;
module.exports.fuseConfig = fuseConfig;
