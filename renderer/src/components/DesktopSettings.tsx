import { useEffect, useState } from 'react';
import { useStore, useT } from '../store-context';

/** The desktop integration's settings; shown only where there is one (the Electron app). */
export function DesktopSettings() {
  const store = useStore();
  const desktop = store((s) => s.desktop);
  const update = store((s) => s.updateDesktop);
  const chooseFolder = store((s) => s.chooseWatchFolder);
  const t = useT();
  const saved = desktop?.settings.paletteShortcut ?? '';
  const [shortcut, setShortcut] = useState(saved);
  useEffect(() => setShortcut(saved), [saved]);
  if (!desktop?.available) return null;
  const { settings, features } = desktop;

  const toggle = (key: 'dropShelf' | 'startAtLogin' | 'notifyDelivered' | 'notifyAttention' | 'paused', label: string) => (
    <label className="inline">
      <input type="checkbox" checked={settings[key]} onChange={(e) => void update({ [key]: e.target.checked })} />
      {label}
    </label>
  );

  return (
    <section aria-labelledby="desktop-title">
      <h3 id="desktop-title">{t('desktopTitle')}</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void update({ paletteShortcut: shortcut.trim() === '' ? null : shortcut.trim() });
        }}
      >
        <label>
          {t('paletteShortcut')} <input value={shortcut} onChange={(e) => setShortcut(e.target.value)} placeholder="CommandOrControl+Shift+L" />
        </label>
        <button type="submit">{t('save')}</button>
      </form>
      <p className="small" role="status">
        {desktop.shortcut.state === 'off'
          ? t('shortcutOff')
          : desktop.shortcut.state === 'failed'
            ? t('shortcutFailed', { reason: desktop.shortcut.reason })
            : desktop.shortcut.state === 'unverified'
              ? t('shortcutUnverified', { reason: desktop.shortcut.reason })
              : desktop.shortcut.accelerator}
      </p>
      <p>
        {t('watchFolder')}:{' '}
        {desktop.watch.state === 'off' ? t('watchFolderNone') : desktop.watch.state === 'failed' ? t('watchFolderFailed', { reason: desktop.watch.reason }) : desktop.watch.dir}
      </p>
      <div className="row">
        <button type="button" onClick={() => void chooseFolder()}>
          {t('chooseFolder')}
        </button>
        {settings.watchFolder !== null && (
          <button type="button" onClick={() => void update({ watchFolder: null })}>
            {t('stopWatching')}
          </button>
        )}
      </div>
      <p className="muted small">{t('watchFolderHint')}</p>
      <div className="toggles">
        {features.shelf && toggle('dropShelf', t('dropShelf'))}
        {features.startAtLogin !== 'unsupported' && toggle('startAtLogin', t('startAtLogin'))}
        {toggle('notifyDelivered', t('notifyDelivered'))}
        {toggle('notifyAttention', t('notifyAttention'))}
        {toggle('paused', t('pauseSending'))}
      </div>
    </section>
  );
}
