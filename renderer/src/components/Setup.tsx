import { useState, type FormEvent } from 'react';
import type { AppErrorShape } from '../../../app/contract/result';
import { useStore, useT } from '../store-context';
import type { StringKey } from '../i18n';

function errorKey(error: AppErrorShape): StringKey | null {
  switch (error.code) {
    case 'CRM_AUTH_FAILED':
      return 'errAuth';
    case 'CRM_UNREACHABLE':
    case 'CRM_TIMEOUT':
      return 'errUnreachable';
    case 'CRM_TLS_UNTRUSTED':
      return 'errTls';
    case 'KEYCHAIN_LOCKED':
    case 'KEYCHAIN_UNAVAILABLE':
      return 'errKeychain';
    default:
      return null;
  }
}

/** First run: the demo CRM in one click, or the user's own CRM. */
export function Setup() {
  const store = useStore();
  const addAccount = store((s) => s.addAccount);
  const addDemoAccount = store((s) => s.addDemoAccount);
  const t = useT();
  const [url, setUrl] = useState('https://');
  const [userName, setUserName] = useState('');
  const [secretKind, setSecretKind] = useState<'accessKey' | 'password'>('accessKey');
  const [secret, setSecret] = useState('');
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  const submit = async (extra: { trustedFingerprint?: string; remember?: boolean } = {}) => {
    setBusy(true);
    setError(null);
    const err = await addAccount({
      url: url.trim(),
      userName: userName.trim(),
      secret: { kind: secretKind, value: secret },
      remember: extra.remember ?? remember,
      ...(extra.trustedFingerprint ? { trustedFingerprint: extra.trustedFingerprint } : {}),
    });
    setBusy(false);
    setError(err);
    if (extra.remember === false) setRemember(false);
  };

  const demo = async () => {
    setBusy(true);
    setError(null);
    setError(await addDemoAccount());
    setBusy(false);
  };

  const fingerprint = typeof error?.details?.fingerprint === 'string' ? error.details.fingerprint : null;
  const key = error ? errorKey(error) : null;

  return (
    <section className="setup" aria-labelledby="setup-title">
      <h2 id="setup-title">{t('setupTitle')}</h2>
      <p className="muted">{t('setupIntro')}</p>
      <button type="button" className="primary" onClick={() => void demo()} disabled={busy}>
        {t('tryDemo')}
      </button>
      <h3>{t('orAddAccount')}</h3>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void submit();
        }}
        aria-busy={busy}
      >
        <label>
          {t('crmUrl')}
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} autoComplete="url" />
        </label>
        <label>
          {t('userName')}
          <input required value={userName} onChange={(e) => setUserName(e.target.value)} autoComplete="username" />
        </label>
        <fieldset>
          <legend className="visually-hidden">{t('accessKey')}</legend>
          <label className="inline">
            <input type="radio" name="secret-kind" checked={secretKind === 'accessKey'} onChange={() => setSecretKind('accessKey')} />
            {t('useAccessKey')}
          </label>
          <label className="inline">
            <input type="radio" name="secret-kind" checked={secretKind === 'password'} onChange={() => setSecretKind('password')} />
            {t('usePassword')}
          </label>
        </fieldset>
        <label>
          {secretKind === 'accessKey' ? t('accessKey') : t('password')}
          <input type="password" required value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="current-password" />
        </label>
        <label className="inline">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          {t('remember')}
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      {error && (
        <div className="form-error" role="alert" data-code={error.code}>
          <p>{key ? t(key) : error.message}</p>
          {error.code === 'CRM_TLS_UNTRUSTED' && fingerprint && (
            <button type="button" onClick={() => void submit({ trustedFingerprint: fingerprint })}>
              {t('trustCertificate', { fingerprint })}
            </button>
          )}
          {(error.code === 'KEYCHAIN_LOCKED' || error.code === 'KEYCHAIN_UNAVAILABLE') && (
            <button type="button" onClick={() => void submit({ remember: false })}>
              {t('keepForSession')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
