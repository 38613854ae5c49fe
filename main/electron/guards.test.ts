import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from './app-origin';
import { guardSession } from './session-guards';
import { createElectronStandIn, StandInWebContents } from './test-support/electron-stand-in';
import { guardWebContents } from './web-contents-guards';

function recordingLog() {
  const warnings: Array<{ message: string; extra?: Record<string, unknown> }> = [];
  return { warnings, warn: (message: string, extra?: Record<string, unknown>) => void warnings.push({ message, extra }) };
}

describe('guardWebContents (checklist items 12–14)', () => {
  function guarded() {
    const contents = new StandInWebContents();
    const log = recordingLog();
    guardWebContents(contents, log);
    return { contents, log };
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)('%s: stays on the app origin', (kind) => {
    const { contents } = guarded();
    expect(contents.navigate(kind, APP_ENTRY_URL).prevented).toBe(false);
    expect(contents.navigate(kind, 'https://app.example.com.attacker.com/').prevented).toBe(true);
    expect(contents.navigate(kind, 'https://example.com').prevented).toBe(true);
    expect(contents.navigate(kind, 'file:///etc/passwd').prevented).toBe(true);
    expect(contents.navigate(kind, 'javascript:alert(1)').prevented).toBe(true);
  });

  it('lets the email preview frame hold its srcdoc but not follow a link', () => {
    const { contents } = guarded();
    expect(contents.navigate('will-frame-navigate', 'about:srcdoc', false).prevented).toBe(false);
    expect(contents.navigate('will-frame-navigate', 'https://tracker.example/click', false).prevented).toBe(true);
    expect(contents.navigate('will-navigate', 'about:srcdoc', true).prevented).toBe(true);
  });

  it('denies every window.open and logs it', () => {
    const { contents, log } = guarded();
    for (const url of ['https://x.example', APP_ENTRY_URL, 'about:blank', 'mailto:a@b.example']) {
      expect(contents.openWindow(url)).toEqual({ action: 'deny' });
    }
    expect(log.warnings.filter((w) => w.message === 'window.open denied')).toHaveLength(4);
  });

  it('blocks every <webview> attach', () => {
    const { contents } = guarded();
    expect(contents.attachWebview(APP_ENTRY_URL).prevented).toBe(true);
    expect(contents.attachWebview('https://x.example').prevented).toBe(true);
  });
});

describe('guardSession (checklist item 5 and the network backstop)', () => {
  function guarded() {
    const electron = createElectronStandIn();
    const log = recordingLog();
    guardSession(electron.session.defaultSession, log);
    return { session: electron.session.defaultSession, log };
  }

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture', 'unknown'])(
    'denies a %s request from the app itself',
    async (permission) => {
      const { session, log } = guarded();
      expect(await session.requestPermission(permission, APP_ENTRY_URL)).toBe(false);
      expect(log.warnings).toContainEqual({ message: 'permission request denied', extra: { permission } });
    },
  );

  it('grants the allowlisted clipboard write only to the app origin, in requests and checks', async () => {
    const { session } = guarded();
    expect(await session.requestPermission('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(await session.requestPermission('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(session.checkPermission('clipboard-sanitized-write', 'app://bundle')).toBe(true);
    expect(session.checkPermission('clipboard-sanitized-write', 'null')).toBe(false);
    expect(session.checkPermission('media', 'app://bundle')).toBe(false);
  });

  it('cancels http(s) and ws(s) from the renderer session, lets the bundle through', async () => {
    const { session } = guarded();
    expect(await session.request('https://crm.example.com/webservice.php')).toEqual({ cancel: true });
    expect(await session.request('http://127.0.0.1:9/pixel.gif')).toEqual({ cancel: true });
    expect(await session.request('wss://example.com/')).toEqual({ cancel: true });
    expect(await session.request(APP_ENTRY_URL)).toEqual({ cancel: false });
    expect(await session.request('data:image/png;base64,AAAA')).toEqual({ cancel: false });
  });
});
