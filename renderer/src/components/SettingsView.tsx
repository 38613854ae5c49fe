import { useEffect, useState } from 'react';
import { useStore, useT } from '../store-context';
import { DesktopSettings } from './DesktopSettings';
import { Setup } from './Setup';

export function SettingsView() {
  const store = useStore();
  const accounts = store((s) => s.accounts) ?? [];
  const settings = store((s) => s.settings);
  const locale = store((s) => s.locale);
  const setLocale = store((s) => s.setLocale);
  const theme = store((s) => s.theme);
  const setTheme = store((s) => s.setTheme);
  const removeAccount = store((s) => s.removeAccount);
  const saveDomains = store((s) => s.setCorporateDomains);
  const t = useT();
  const [domains, setDomains] = useState('');
  const [adding, setAdding] = useState(false);
  const saved = settings?.corporateDomains.join(', ') ?? '';
  useEffect(() => setDomains(saved), [saved]);

  return (
    <section className="page settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('navSettings')}</h2>
      <section aria-labelledby="accounts-title">
        <h3 id="accounts-title">{t('settingsAccounts')}</h3>
        <ul className="plain">
          {accounts.map((a) => (
            <li key={a.id} className="row">
              <span>
                {a.userName} @ {a.url} <span className="muted small">({a.credential})</span>
              </span>
              <button type="button" onClick={() => void removeAccount(a.id)}>
                {t('removeAccount')}
              </button>
            </li>
          ))}
        </ul>
        {adding ? <Setup /> : <button type="button" onClick={() => setAdding(true)}>{t('addAccount')}</button>}
      </section>
      <section aria-labelledby="domains-title">
        <h3 id="domains-title">{t('corporateDomains')}</h3>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void saveDomains(domains.split(/[\s,;]+/).map((d) => d.trim()).filter((d) => d !== ''));
          }}
        >
          <input aria-label={t('corporateDomains')} value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="example.com, example.it" />
          <button type="submit">{t('save')}</button>
        </form>
        <p className="muted small">{t('corporateDomainsHint')}</p>
      </section>
      <DesktopSettings />
      <section aria-labelledby="language-title">
        <h3 id="language-title">{t('language')}</h3>
        <select aria-label={t('language')} value={locale} onChange={(e) => setLocale(e.target.value === 'it' ? 'it' : 'en')}>
          <option value="en">English</option>
          <option value="it">Italiano</option>
        </select>
      </section>
      <section aria-labelledby="theme-title">
        <h3 id="theme-title">{t('theme')}</h3>
        <select aria-label={t('theme')} value={theme} onChange={(e) => setTheme(e.target.value === 'light' ? 'light' : e.target.value === 'dark' ? 'dark' : 'system')}>
          <option value="system">{t('themeSystem')}</option>
          <option value="light">{t('themeLight')}</option>
          <option value="dark">{t('themeDark')}</option>
        </select>
      </section>
      <section aria-labelledby="shortcuts-title">
        <h3 id="shortcuts-title">{t('shortcuts')}</h3>
        <ul className="plain small">
          <li>{t('shortcutViews')}</li>
          <li>{t('shortcutSearch')}</li>
          <li>{t('shortcutLink')}</li>
          <li>{t('shortcutEscape')}</li>
        </ul>
      </section>
    </section>
  );
}
