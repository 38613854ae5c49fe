/**
 * What the tray shows, as data. `trayModel` is pure so every state combination is table-tested
 * without a tray; `tray.ts` turns the result into Electron calls.
 */

export type TrayIconState = 'online' | 'offline' | 'syncing' | 'waiting' | 'attention';

export interface RecentMail {
  id: string;
  subject: string;
  from: string;
}

export interface TrayState {
  online: boolean;
  syncing: boolean;
  /** Background sending/syncing stopped by the user. */
  paused: boolean;
  /** Links queued for the CRM and not yet delivered. */
  waiting: number;
  /** Jobs the CRM refused (no permission, record gone, …): the user must look at them. */
  attention: number;
  /** Newest first. */
  recent: readonly RecentMail[];
  /** A drop shelf exists on platforms whose tray icon cannot take drops. */
  shelf: 'unavailable' | 'closed' | 'open';
}

export type TrayAction =
  | { type: 'open-window' }
  | { type: 'open-mail'; id: string }
  | { type: 'link-last' }
  | { type: 'show-attention' }
  | { type: 'toggle-pause' }
  | { type: 'toggle-shelf' }
  | { type: 'quit' };

export interface TrayMenuItem {
  label?: string;
  kind: 'action' | 'checkbox' | 'separator' | 'info';
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  /** Short text beside the icon (macOS menu bar); empty when there is nothing to count. */
  title: string;
  menu: TrayMenuItem[];
}

export const RECENT_IN_MENU = 5;
const SUBJECT_MAX = 48;

/** The one icon for a state; problems outrank activity, activity outranks "all fine". */
export function trayIconState(s: TrayState): TrayIconState {
  if (s.attention > 0) return 'attention';
  if (!s.online) return 'offline';
  if (s.syncing && !s.paused) return 'syncing';
  if (s.waiting > 0) return 'waiting';
  return 'online';
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim() || '(no subject)';
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Electron treats '&' in labels as an accelerator marker on Windows; a subject must not. */
function literal(text: string): string {
  return text.replace(/&/g, '&&');
}

function statusLine(s: TrayState): string {
  const parts: string[] = [];
  parts.push(s.online ? (s.paused ? 'Paused' : s.syncing ? 'Syncing…' : 'Online') : 'Offline');
  if (s.waiting > 0) parts.push(`${s.waiting} waiting`);
  if (s.attention > 0) parts.push(`${s.attention} need${s.attention === 1 ? 's' : ''} attention`);
  return parts.join(' · ');
}

export function trayModel(s: TrayState): TrayView {
  const latest = s.recent[0];
  const menu: TrayMenuItem[] = [
    { kind: 'info', label: statusLine(s), enabled: false },
    { kind: 'separator' },
    {
      kind: 'action',
      label: latest ? `Link last email: ${literal(shorten(latest.subject, SUBJECT_MAX))}` : 'Link last email',
      enabled: latest !== undefined,
      action: { type: 'link-last' },
    },
  ];
  if (s.attention > 0) menu.push({ kind: 'action', label: `Needs attention (${s.attention})…`, action: { type: 'show-attention' } });
  if (s.recent.length > 0) {
    menu.push({ kind: 'separator' }, { kind: 'info', label: 'Recently captured', enabled: false });
    for (const mail of s.recent.slice(0, RECENT_IN_MENU)) {
      menu.push({ kind: 'action', label: literal(`${shorten(mail.subject, SUBJECT_MAX)} — ${shorten(mail.from, 24)}`), action: { type: 'open-mail', id: mail.id } });
    }
  }
  menu.push({ kind: 'separator' }, { kind: 'action', label: 'Open vtenext Mail Connector', action: { type: 'open-window' } });
  if (s.shelf !== 'unavailable') menu.push({ kind: 'checkbox', label: 'Drop shelf', checked: s.shelf === 'open', action: { type: 'toggle-shelf' } });
  menu.push(
    { kind: 'checkbox', label: 'Pause sync', checked: s.paused, action: { type: 'toggle-pause' } },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit', action: { type: 'quit' } },
  );
  const count = s.attention > 0 ? `${s.attention}!` : s.waiting > 0 ? String(s.waiting) : '';
  return { icon: trayIconState(s), tooltip: `vtenext Mail Connector — ${statusLine(s)}`, title: count, menu };
}
