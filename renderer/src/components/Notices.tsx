import { useStore, useT } from '../store-context';

export function Notices() {
  const store = useStore();
  const notices = store((s) => s.notices);
  const dismiss = store((s) => s.dismiss);
  const t = useT();
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="alert">
      {notices.map((n) => (
        <div key={n.id} className="notice" data-code={n.error.code}>
          <span>
            {n.fileName ? <strong>{n.fileName}: </strong> : null}
            {n.error.message}
          </span>
          <button type="button" onClick={() => dismiss(n.id)}>
            {t('dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
