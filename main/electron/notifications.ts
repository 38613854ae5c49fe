import type { TrayState } from './tray-model';

/**
 * When the desktop speaks up. Decided from two consecutive states so it is a pure function:
 * links delivered (the queue shrank without new problems) and items newly needing attention.
 * Delivered links are not announced while the user is looking at the app, nor while paused;
 * problems always are, because a silent failure is the one thing this app must not do.
 */

export interface NotificationPrefs {
  delivered: boolean;
  attention: boolean;
}

export interface DesktopNotification {
  kind: 'delivered' | 'attention';
  title: string;
  body: string;
}

export function notificationsFor(
  prev: TrayState,
  next: TrayState,
  ctx: { prefs: NotificationPrefs; appFocused: boolean },
): DesktopNotification[] {
  const out: DesktopNotification[] = [];
  const newProblems = next.attention - prev.attention;
  if (ctx.prefs.attention && newProblems > 0) {
    out.push({
      kind: 'attention',
      title: newProblems === 1 ? 'An email needs your attention' : `${newProblems} emails need your attention`,
      body: 'The CRM refused a link. Open the app to see why and choose another record.',
    });
  }
  const delivered = prev.waiting - next.waiting - Math.max(0, newProblems);
  if (ctx.prefs.delivered && delivered > 0 && !ctx.appFocused && !next.paused) {
    out.push({
      kind: 'delivered',
      title: delivered === 1 ? 'Email filed in vtenext' : `${delivered} emails filed in vtenext`,
      body: next.waiting > 0 ? `${next.waiting} still waiting to be sent.` : 'Everything queued has been delivered.',
    });
  }
  return out;
}

export interface NotificationPort {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationElectron {
  Notification: { new (options: { title: string; body: string; silent?: boolean }): NotificationPort; isSupported(): boolean };
}

export function showNotification(electron: NotificationElectron, n: DesktopNotification, onClick: () => void): boolean {
  if (!electron.Notification.isSupported()) return false;
  const shown = new electron.Notification({ title: n.title, body: n.body, silent: n.kind === 'delivered' });
  shown.on('click', onClick);
  shown.show();
  return true;
}
