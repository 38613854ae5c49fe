import { describe, expect, it } from 'vitest';
import { openExternalWithConsent } from './external-open';
import { createElectronStandIn } from './test-support/electron-stand-in';

function setup(answer: 'Open' | 'Cancel') {
  const electron = createElectronStandIn();
  electron.dialog.nextResponse = answer === 'Open' ? 0 : 1;
  return electron;
}

describe('openExternalWithConsent (checklist item 15)', () => {
  it('opens a safe URL after the user confirms, showing the full URL', async () => {
    const electron = setup('Open');
    expect(await openExternalWithConsent(electron, 'https://crm.example.com/index.php?record=1')).toBe('opened');
    expect(electron.dialog.messageBoxes[0]?.detail).toBe('https://crm.example.com/index.php?record=1');
    expect(electron.shell.opened).toEqual(['https://crm.example.com/index.php?record=1']);
  });

  it('does nothing when the user cancels (Cancel is the default button)', async () => {
    const electron = setup('Cancel');
    expect(await openExternalWithConsent(electron, 'mailto:a@b.example')).toBe('cancelled');
    expect(electron.dialog.messageBoxes[0]).toMatchObject({ defaultId: 1, cancelId: 1 });
    expect(electron.shell.opened).toEqual([]);
  });

  it.each(['file:///etc/passwd', 'smb://host/share', 'ms-msdt:/id x', 'javascript:alert(1)', 'https://u:p@x.example/', 42])(
    'refuses %j without asking',
    async (url) => {
      const electron = setup('Open');
      expect(await openExternalWithConsent(electron, url)).toBe('refused');
      expect(electron.dialog.messageBoxes).toEqual([]);
      expect(electron.shell.opened).toEqual([]);
    },
  );
});
