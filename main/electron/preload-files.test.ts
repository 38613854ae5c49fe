import { describe, expect, it } from 'vitest';
import { createConnectorFiles, exposeConnectorFiles, FILES_GLOBAL } from './preload-files';
import { StandInContextBridge } from './test-support/electron-stand-in';

class FakeFile {
  constructor(readonly name: string) {}
}

describe('connectorFiles (preload)', () => {
  const webUtils = {
    getPathForFile: (file: never) => {
      const name = (file as FakeFile).name;
      if (name === 'boom') throw new TypeError('Error processing argument');
      return name === 'virtual' ? '' : `/tmp/chromium-drop/${name}`;
    },
  };
  const isFile = (v: unknown) => v instanceof FakeFile;

  it('exposes one frozen object with one function', () => {
    const bridge = new StandInContextBridge();
    exposeConnectorFiles(bridge, webUtils, isFile);
    const exposed = bridge.exposed.get(FILES_GLOBAL) as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual(['pathForFile']);
    expect(typeof exposed.pathForFile).toBe('function');
    expect(Object.isFrozen(exposed)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['a dropped Outlook message', new FakeFile('Offer.msg'), '/tmp/chromium-drop/Offer.msg'],
    ['a File with no disk path', new FakeFile('virtual'), ''],
    ['not a File', { name: 'Offer.msg' }, ''],
    ['a string', '/etc/passwd', ''],
    ['an Electron throw', new FakeFile('boom'), ''],
  ])('%s', (_name, value, expected) => {
    expect(createConnectorFiles(webUtils, isFile).pathForFile(value)).toBe(expected);
  });
});
