import type { RecordHit } from '../../../app/contract/crm';
import { useStore, useT } from '../store-context';

export function HitList({ hits, label, testId }: { hits: RecordHit[]; label: string; testId: string }) {
  const store = useStore();
  const targets = store((s) => s.targets);
  const toggle = store((s) => s.toggleTarget);
  const t = useT();
  return (
    <ul className="hits" aria-label={label} data-testid={testId}>
      {hits.map((h) => {
        const checked = targets.some((x) => x.id === h.id);
        return (
          <li key={h.id}>
            <label className={h.linkable ? 'hit' : 'hit hit--disabled'}>
              <input type="checkbox" checked={checked} disabled={!h.linkable} onChange={() => toggle(h)} />
              <span className="hit-label">{h.label}</span>
              <span className="hit-meta">
                {h.module}
                {h.account ? ` · ${h.account}` : ''}
                {h.emails[0] ? ` · ${h.emails[0]}` : ''}
              </span>
              <span className="hit-reason muted">
                {h.linkable ? t(`reason_${h.reason.kind}`, { detail: h.reason.detail ?? '' }) : t(`notLinkable_${h.notLinkableReason ?? 'module-not-linkable'}`)}
              </span>
            </label>
          </li>
        );
      })}
    </ul>
  );
}

/** Type-ahead over the cached records with a module filter. */
export function RecordSearch() {
  const store = useStore();
  const results = store((s) => s.results);
  const searchText = store((s) => s.searchText);
  const moduleFilter = store((s) => s.moduleFilter);
  const modules = store((s) => s.modules);
  const search = store((s) => s.search);
  const t = useT();
  return (
    <section role="search" aria-labelledby="search-title">
      <h3 id="search-title">{t('searchLabel')}</h3>
      <div className="search-row">
        <input
          id="record-search"
          type="search"
          aria-label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          value={searchText}
          onChange={(e) => void search(e.target.value)}
        />
        <select aria-label={t('moduleFilter')} value={moduleFilter ?? ''} onChange={(e) => void search(searchText, e.target.value || null)}>
          <option value="">{t('allModules')}</option>
          {modules.map((m) => (
            <option key={m.name} value={m.name}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {searchText.trim() !== '' &&
        (results.length === 0 ? <p className="muted">{t('noResults')}</p> : <HitList hits={results} label={t('searchLabel')} testId="search-results" />)}
    </section>
  );
}
