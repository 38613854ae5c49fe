import type { StoreApi } from 'zustand';
import type { AppErrorShape } from '../../../app/contract/result';
import type { Client } from '../client';
import type { Locale } from '../i18n';
import type { MailSlice } from './mail-slice';
import type { CrmSlice } from './crm-slice';
import type { OutboxSlice } from './outbox-slice';
import type { DesktopSlice } from './desktop-slice';

export interface Notice {
  id: number;
  fileName: string | null;
  error: AppErrorShape;
}

export type Theme = 'system' | 'light' | 'dark';

export interface CommonSlice {
  locale: Locale;
  setLocale(locale: Locale): void;
  theme: Theme;
  setTheme(theme: Theme): void;
  notices: Notice[];
  notify(fileName: string | null, error: AppErrorShape): void;
  dismiss(noticeId: number): void;
}

export type AppState = CommonSlice & MailSlice & CrmSlice & OutboxSlice & DesktopSlice;

export type SliceCreator<T> = (client: Client, set: StoreApi<AppState>['setState'], get: StoreApi<AppState>['getState']) => T;
