import { useCallback, useEffect, useRef, useState } from 'react';
import type { Client } from '../src/client';
import { decideLink, initialPalette, keyOf, newestMail, onKey, typed, visibleHits, type PaletteEffect, type PaletteState } from './palette-model';

const SEARCH_DEBOUNCE_MS = 120;

/** The quick-link palette: newest captured mail, suggestions, type-ahead, Enter links, Esc closes. */
export function Palette({ client }: { client: Client }) {
  const [state, setState] = useState<PaletteState>(initialPalette);
  const stateRef = useRef(state);
  stateRef.current = state;
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    setState(initialPalette);
    const [mails, accounts] = await Promise.all([client.call('mail.list', {}), client.call('account.list', {})]);
    const mail = mails.ok ? newestMail(mails.value) : null;
    const accountId = accounts.ok ? (accounts.value[0]?.id ?? null) : null;
    let suggestions: PaletteState['suggestions'] = [];
    if (mail && accountId) {
      const s = await client.call('records.suggest', { accountId, mailId: mail.id });
      if (s.ok) suggestions = s.value;
    }
    const phase: PaletteState['phase'] = !accountId
      ? { kind: 'blocked', message: 'Add a CRM account in the app first.' }
      : !mail
        ? { kind: 'blocked', message: 'No captured email yet: drop one on the app or the shelf.' }
        : { kind: 'ready' };
    setState({ ...initialPalette, accountId, mail, suggestions, phase });
    input.current?.focus();
  }, [client]);

  // The window is hidden, not closed, between uses: reload whenever it is shown again.
  useEffect(() => {
    void load();
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [load]);

  const { query, accountId } = state;
  useEffect(() => {
    if (query.trim() === '' || !accountId) return;
    const timer = setTimeout(() => {
      void client.call('records.search', { accountId, text: query, limit: 8 }).then((r) => {
        if (r.ok && stateRef.current.query === query) setState((s) => ({ ...s, results: r.value }));
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, accountId, client]);

  const run = useCallback(
    async (effect: PaletteEffect) => {
      const s = stateRef.current;
      if (!effect) return;
      if (effect.type === 'dismiss') {
        window.close(); // the shell turns this into a hide
        return;
      }
      if (!s.mail || !s.accountId) return;
      const prep = await client.call('link.prepare', { accountId: s.accountId, mailId: s.mail.id });
      if (!prep.ok) {
        setState((x) => ({ ...x, phase: { kind: 'blocked', message: prep.error.message } }));
        return;
      }
      const decision = decideLink(prep.value);
      if (decision.kind === 'blocked') {
        setState((x) => ({ ...x, phase: { kind: 'blocked', message: decision.message } }));
        return;
      }
      if (decision.kind === 'confirm-external' && !(effect.type === 'queue' && effect.confirmedExternal)) {
        setState((x) => ({ ...x, phase: { kind: 'confirm-external', addresses: decision.addresses } }));
        return;
      }
      const queued = await client.call('link.queue', {
        accountId: s.accountId,
        mailId: s.mail.id,
        targets: [effect.hit.id],
        attachments: decision.attachments,
        confirmedExternal: effect.type === 'queue' && effect.confirmedExternal,
      });
      if (!queued.ok) {
        setState((x) => ({ ...x, phase: { kind: 'blocked', message: queued.error.message } }));
        return;
      }
      setState((x) => ({ ...x, phase: { kind: 'done', label: effect.hit.label } }));
      setTimeout(() => window.close(), 900);
    },
    [client],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    const key = keyOf(e.key);
    if (key === 'other') return;
    e.preventDefault();
    const r = onKey(stateRef.current, key);
    setState(r.state);
    void run(r.effect);
  };

  const hits = visibleHits(state);
  const { phase, mail } = state;
  return (
    <div className="palette" onKeyDown={onKeyDown}>
      <header>
        {mail ? (
          <>
            <strong>{mail.subject || '(no subject)'}</strong>
            <span>{mail.from[0]?.name || mail.from[0]?.address || ''}</span>
          </>
        ) : (
          <span>Quick link</span>
        )}
      </header>
      <input
        ref={input}
        autoFocus
        placeholder="Link to… (type to search)"
        value={state.query}
        onChange={(e) => setState((s) => typed(s, e.target.value))}
        aria-label="Search records"
      />
      <ul role="listbox">
        {hits.map((h, i) => (
          <li key={h.id} role="option" aria-selected={i === state.selected} className={h.linkable ? '' : 'muted'}>
            <span>{h.label}</span>
            <small>
              {h.module}
              {h.account ? ` · ${h.account}` : ''}
            </small>
          </li>
        ))}
      </ul>
      <footer role="status">
        {phase.kind === 'loading' && 'Loading…'}
        {phase.kind === 'ready' && 'Enter links · ↑↓ choose · Esc closes'}
        {phase.kind === 'sending' && 'Queuing…'}
        {phase.kind === 'done' && `Queued → ${phase.label}`}
        {phase.kind === 'blocked' && phase.message}
        {phase.kind === 'confirm-external' && `Outside your domains: ${phase.addresses.join(', ')}. Enter links anyway, Esc goes back.`}
      </footer>
    </div>
  );
}
