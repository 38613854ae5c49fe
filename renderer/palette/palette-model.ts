import type { RecordHit } from '../../app/contract/crm';
import type { CapturedMailSummary } from '../../app/contract/mail';
import type { LinkPreparation } from '../../app/contract/outbox';

/**
 * The quick-link palette as data: what it lists, what a key does, what Enter will send. Pure,
 * so the keyboard behaviour is table-tested without a DOM; Palette.tsx only renders it and
 * performs the effects.
 */

export type PalettePhase =
  | { kind: 'loading' }
  | { kind: 'ready' }
  /** Enter once more links despite addresses outside the corporate domains. */
  | { kind: 'confirm-external'; addresses: string[] }
  | { kind: 'sending' }
  | { kind: 'done'; label: string }
  | { kind: 'blocked'; message: string };

export interface PaletteState {
  accountId: string | null;
  mail: CapturedMailSummary | null;
  query: string;
  suggestions: RecordHit[];
  results: RecordHit[];
  selected: number;
  phase: PalettePhase;
}

export const initialPalette: PaletteState = { accountId: null, mail: null, query: '', suggestions: [], results: [], selected: 0, phase: { kind: 'loading' } };

export function newestMail(mails: readonly CapturedMailSummary[]): CapturedMailSummary | null {
  let newest: CapturedMailSummary | null = null;
  for (const m of mails) if (!newest || m.capturedAt > newest.capturedAt) newest = m;
  return newest;
}

/** Typed text searches the index; with nothing typed, the sender-based suggestions show. */
export function visibleHits(s: PaletteState): RecordHit[] {
  return s.query.trim() === '' ? s.suggestions : s.results;
}

export type PaletteKey = 'ArrowDown' | 'ArrowUp' | 'Enter' | 'Escape' | 'Tab' | 'other';
export type PaletteEffect = { type: 'dismiss' } | { type: 'prepare'; hit: RecordHit } | { type: 'queue'; hit: RecordHit; confirmedExternal: boolean } | null;

export function onKey(s: PaletteState, key: PaletteKey): { state: PaletteState; effect: PaletteEffect } {
  const hits = visibleHits(s);
  switch (key) {
    case 'Escape':
      // In a confirmation, Esc steps back; otherwise it dismisses (the mail stays in the inbox).
      if (s.phase.kind === 'confirm-external') return { state: { ...s, phase: { kind: 'ready' } }, effect: null };
      return { state: s, effect: { type: 'dismiss' } };
    case 'ArrowDown':
    case 'Tab':
      return { state: { ...s, selected: hits.length === 0 ? 0 : (s.selected + 1) % hits.length }, effect: null };
    case 'ArrowUp':
      return { state: { ...s, selected: hits.length === 0 ? 0 : (s.selected - 1 + hits.length) % hits.length }, effect: null };
    case 'Enter': {
      const hit = hits[s.selected];
      if (!hit || !s.mail || !s.accountId) return { state: s, effect: null };
      if (s.phase.kind === 'confirm-external') return { state: { ...s, phase: { kind: 'sending' } }, effect: { type: 'queue', hit, confirmedExternal: true } };
      if (s.phase.kind !== 'ready') return { state: s, effect: null };
      if (!hit.linkable) return { state: { ...s, phase: { kind: 'blocked', message: `${hit.label} cannot take links` } }, effect: null };
      return { state: { ...s, phase: { kind: 'sending' } }, effect: { type: 'prepare', hit } };
    }
    case 'other':
      return { state: s, effect: null };
  }
}

export function typed(s: PaletteState, query: string): PaletteState {
  const phase = s.phase.kind === 'blocked' || s.phase.kind === 'confirm-external' ? { kind: 'ready' as const } : s.phase;
  return { ...s, query, selected: 0, phase };
}

/** What linking needs after `link.prepare`: the pre-ticked attachments, or why it must wait. */
export type LinkDecision =
  | { kind: 'queue'; attachments: number[] }
  | { kind: 'confirm-external'; attachments: number[]; addresses: string[] }
  | { kind: 'blocked'; message: string };

export function decideLink(prep: LinkPreparation): LinkDecision {
  if (!prep.noticeAcknowledged) return { kind: 'blocked', message: 'Open the app once to read the privacy notice before linking.' };
  const attachments = prep.attachments.filter((a) => a.selected).map((a) => a.index);
  if (prep.externalAddresses.length > 0) return { kind: 'confirm-external', attachments, addresses: prep.externalAddresses };
  return { kind: 'queue', attachments };
}

export function keyOf(key: string): PaletteKey {
  return key === 'ArrowDown' || key === 'ArrowUp' || key === 'Enter' || key === 'Escape' || key === 'Tab' ? key : 'other';
}
