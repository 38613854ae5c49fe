// electron-builder afterPack hook: flips Electron's fuses in the packaged binary (security
// checklist item 19) and reads them back, so a build can never ship with a fuse in the wrong
// state. Wired by `afterPack: build/fuses.cjs` in build/electron-builder.yml.
//
// Needs the dev dependency `@electron/fuses` (1.8.x runs on Node 20; 2.x is ESM and needs
// Node >= 22.12). Without it this hook fails the package step on purpose instead of shipping an
// unfused binary.
//
// 1.8.x knows eight fuses. Newer Electron binaries carry a ninth (index 8, WasmTrapHandlers,
// which @electron/fuses 2.x names), and 1.8's strictlyRequireAllFuses refuses any binary with
// more fuses than it knows. So the known fuses are flipped without that flag, and the whole
// wire is then read back and checked here: every fuse in the binary must be decided either in
// FUSES or, by index, in FUSES_BY_INDEX; an undecided one fails the build, which is what the
// flag was for.
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
//   LoadBrowserProcessSpecificV8Snapshot OFF  the default; listed because every fuse in the
//                                          binary must be an explicit decision (checkWire).
//   WasmTrapHandlers ON (#8)               the default; V8 keeps trapping out-of-bounds Wasm access.
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

/**
 * Fuses the installed @electron/fuses may not know, by wire index. Only their state is checked
 * (this hook cannot flip what the library cannot name), so each entry must be the state Electron
 * ships — for WasmTrapHandlers that is ON, and ON is what we want: V8's out-of-bounds traps for
 * WebAssembly stay.
 */
const FUSES_BY_INDEX = Object.freeze({
  8: { name: 'WasmTrapHandlers', enabled: true },
});

/**
 * How a V1 wire stores a fuse: ASCII '0'/'1'. @electron/fuses 1.8 keeps its FuseState enum
 * internal (not exported), so the format's two values are named here.
 */
const WIRE_STATE = Object.freeze({ DISABLE: 0x30, ENABLE: 0x31 });

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
  // Strictness is enforced by checkWire over the whole wire (see the header).
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: false, resetAdHocDarwinSignature };
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

/**
 * Checks a wire read back from the binary: each fuse in it must be decided and in its decided
 * state. Returns the problems (empty when the binary is right).
 */
function checkWire(wire, FuseV1Options, FuseState) {
  const decided = new Map();
  for (const [name, enabled] of Object.entries(FUSES)) decided.set(Number(FuseV1Options[name]), { name, enabled });
  for (const [index, fuse] of Object.entries(FUSES_BY_INDEX)) if (!decided.has(Number(index))) decided.set(Number(index), fuse);
  const problems = [];
  const indexes = Object.keys(wire).filter((k) => k !== 'version').map(Number);
  for (const index of indexes) {
    const fuse = decided.get(index);
    if (!fuse) {
      problems.push(`fuse #${index} is in the binary but neither @electron/fuses nor build/fuses.cjs decides it`);
      continue;
    }
    const expected = fuse.enabled ? FuseState.ENABLE : FuseState.DISABLE;
    if (wire[index] !== expected) problems.push(`${fuse.name} did not end up ${fuse.enabled ? 'ON' : 'OFF'}`);
  }
  for (const [index, fuse] of decided) {
    if (!indexes.includes(index) && index < 8) problems.push(`${fuse.name} is missing from the binary's fuse wire`);
  }
  return problems;
}

async function afterPack(context) {
  const { flipFuses, getCurrentFuseWire, FuseV1Options, FuseVersion } = await loadFusesLibrary();
  const exe = executablePath(context);
  const arm64Mac = context.electronPlatformName === 'darwin' && context.arch === 3; // builder-util Arch.arm64
  await flipFuses(exe, fuseConfig(FuseV1Options, FuseVersion, { resetAdHocDarwinSignature: arm64Mac }));

  const problems = checkWire(await getCurrentFuseWire(exe), FuseV1Options, WIRE_STATE);
  if (problems.length > 0) throw new Error(`fuses: ${exe}: ${problems.join('; ')}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.FUSES_BY_INDEX = FUSES_BY_INDEX;
module.exports.checkWire = checkWire;
module.exports.executablePath = executablePath;
module.exports.fuseConfig = fuseConfig;
