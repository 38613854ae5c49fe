import { createContext, useContext } from 'react';
import type { Store } from './state/store';
import { translate, type StringKey } from './i18n';

export const StoreContext = createContext<Store | null>(null);

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext missing');
  return store;
}

export function useT(): (key: StringKey, vars?: Record<string, string>) => string {
  const locale = useStore()((s) => s.locale);
  return (key, vars) => translate(locale, key, vars);
}
