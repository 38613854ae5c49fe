import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';
import { isSafeExternalUrl } from './external-url';
import { navigationPolicy } from './navigation-policy';
import { permissionPolicy, rendererRequestPolicy } from './permission-policy';
import { isTrustedSender } from './sender-policy';
import { standInFrame } from './test-support/electron-stand-in';

describe('navigationPolicy (checklist item 13)', () => {
  it.each([
    [APP_ENTRY_URL, 'allow'],
    ['app://bundle/', 'allow'],
    ['app://bundle/assets/index.js', 'allow'],
    ['https://app.example.com', 'deny'],
    ['https://app.example.com.attacker.com', 'deny'],
    ['app://bundle.attacker.com/index.html', 'deny'],
    ['app://evil/index.html', 'deny'],
    ['app://user@bundle/index.html', 'deny'],
    ['app://bundle:8080/index.html', 'deny'],
    ['http://bundle/index.html', 'deny'],
    ['file:///etc/passwd', 'deny'],
    ['javascript:alert(1)', 'deny'],
    ['data:text/html,<script>alert(1)</script>', 'deny'],
    ['about:blank', 'deny'],
    ['about:srcdoc', 'deny'],
    ['not a url', 'deny'],
    ['', 'deny'],
  ])('top frame → %s: %s', (url, verdict) => {
    expect(navigationPolicy(url)).toBe(verdict);
  });

  it.each([
    ['about:srcdoc', 'allow'],
    ['about:blank', 'allow'],
    [APP_ENTRY_URL, 'allow'],
    ['https://tracker.example/pixel', 'deny'],
    ['https://app.example.com.attacker.com', 'deny'],
    ['about:srcdoc#x', 'deny'],
    ['javascript:alert(1)', 'deny'],
  ])('sub-frame (email preview) → %s: %s', (url, verdict) => {
    expect(navigationPolicy(url, { isMainFrame: false })).toBe(verdict);
  });
});

describe('isSafeExternalUrl (checklist item 15)', () => {
  it.each([
    'https://crm.example.com/index.php?module=Contacts&record=12',
    'https://app.example.com.attacker.com/',
    'mailto:someone@example.com',
    'mailto:someone@example.com?subject=Hello',
  ])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://crm.example.com/',
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'smb://attacker/share/payload.exe',
    'ms-msdt:/id PCWDiagnostic /skip force',
    'search-ms:query=x&crumb=location:\\\\attacker\\share',
    'ms-officecmd:{}',
    'vscode://file/etc/passwd',
    'data:text/html,hi',
    'https://user:pass@crm.example.com/',
    'https://crm.example.com@attacker.com/',
    'https://@attacker.com/',
    'https://crm.example.com\\@attacker.com/',
    ' https://crm.example.com/',
    'https://crm.example.com/\n',
    'https://crm.example.com/\u0000',
    'mailto:not-an-address',
    'https://',
    '',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('rejects %j', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false);
    expect(isSafeExternalUrl({ toString: () => 'https://x.example' })).toBe(false);
  });
});

describe('permissionPolicy (checklist item 5)', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'openExternal',
    'clipboard-read',
    'display-capture',
    'fullscreen',
    'midi',
    'midiSysex',
    'pointerLock',
    'keyboardLock',
    'hid',
    'serial',
    'usb',
    'idle-detection',
    'storage-access',
    'window-management',
    'fileSystem',
    'unknown',
    'some-permission-chromium-adds-next-year',
  ])('denies %s even to the app origin', (permission) => {
    expect(permissionPolicy(permission, APP_ENTRY_URL)).toBe(false);
  });

  it('grants the clipboard write the UI uses, only to the app origin', () => {
    expect(permissionPolicy('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(permissionPolicy('clipboard-sanitized-write', 'app://bundle')).toBe(true);
    expect(permissionPolicy('clipboard-sanitized-write', 'https://attacker.example')).toBe(false);
    expect(permissionPolicy('clipboard-sanitized-write', 'null')).toBe(false);
    expect(permissionPolicy('clipboard-sanitized-write', '')).toBe(false);
  });
});

describe('rendererRequestPolicy (renderer never reaches the network)', () => {
  it.each([APP_ENTRY_URL, 'app://bundle/assets/a.css', 'data:image/png;base64,AAAA', 'blob:app://bundle/1234', 'about:blank'])(
    'allows %s',
    (url) => expect(rendererRequestPolicy(url)).toBe('allow'),
  );
  it.each([
    'https://crm.example.com/webservice.php',
    'http://127.0.0.1:8080/x',
    'ws://127.0.0.1:1/',
    'wss://example.com/',
    'ftp://example.com/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'chrome-extension://abc/x.js',
    'garbage',
  ])('cancels %s', (url) => expect(rendererRequestPolicy(url)).toBe('cancel'));
});

describe('isTrustedSender (checklist item 17)', () => {
  const top = standInFrame({ url: APP_ENTRY_URL });

  it('accepts the app top frame', () => {
    expect(isTrustedSender(top)).toBe(true);
  });

  it.each([
    ['no frame', null],
    ['undefined frame', undefined],
    ['a sub-frame of the app', standInFrame({ url: APP_ENTRY_URL, parent: top })],
    ['the srcdoc preview', standInFrame({ url: 'about:srcdoc', origin: 'null', parent: top })],
    ['another origin', standInFrame({ url: 'https://evil.example/' })],
    ['the lookalike origin', standInFrame({ url: 'https://app.example.com.attacker.com/' })],
    ['a file: page', standInFrame({ url: 'file:///tmp/x.html', origin: 'file://' })],
    ['an app URL with a spoofed origin', standInFrame({ url: APP_ENTRY_URL, origin: 'https://evil.example' })],
    ['a detached frame', standInFrame({ url: APP_ENTRY_URL, detached: true })],
  ])('rejects %s', (_label, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('compares parsed parts, not prefixes', () => {
    expect(isAppUrl('app://bundle/x')).toBe(true);
    expect(isAppUrl('app://bundlex/x')).toBe(false);
    expect(isAppUrl('app://bundle.evil/x')).toBe(false);
  });
});
