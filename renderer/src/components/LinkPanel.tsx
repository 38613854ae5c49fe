import { useStore, useT } from '../store-context';
import { LinkActions } from './LinkActions';
import { HitList, RecordSearch } from './RecordSearch';

/** Suggestions for the selected email, type-ahead search, the chosen targets and the link button. */
export function LinkPanel() {
  const store = useStore();
  const selected = store((s) => s.selected);
  const suggestions = store((s) => s.suggestions);
  const targets = store((s) => s.targets);
  const t = useT();

  return (
    <aside className="link-panel" aria-labelledby="link-title">
      <h2 id="link-title">{t('linkTitle')}</h2>
      <section aria-labelledby="suggestions-title">
        <h3 id="suggestions-title">{t('suggestions')}</h3>
        {!selected ? (
          <p className="muted">{t('selectMail')}</p>
        ) : suggestions.length === 0 ? (
          <p className="muted">{t('noSuggestions')}</p>
        ) : (
          <HitList hits={suggestions} label={t('suggestions')} testId="suggestions" />
        )}
      </section>
      <RecordSearch />
      <p className="muted" aria-live="polite">
        {t('selectedTargets', { count: String(targets.length) })}
      </p>
      <LinkActions />
    </aside>
  );
}
