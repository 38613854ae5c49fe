import type { DesktopUpdate, DesktopView } from '../../../app/contract/desktop';
import type { SliceCreator } from './types';

export interface DesktopSlice {
  /** The desktop integration (Electron); `available: false` in browser mode. */
  desktop: DesktopView | null;
  loadDesktop(): Promise<void>;
  updateDesktop(patch: DesktopUpdate): Promise<void>;
  chooseWatchFolder(): Promise<void>;
}

export const createDesktopSlice: SliceCreator<DesktopSlice> = (client, set, get) => {
  client.on('desktop.changed', (desktop) => set({ desktop }));
  client.on('desktop.showMail', ({ id }) => {
    get().setView('inbox');
    void get().select(id);
  });
  return {
    desktop: null,
    async loadDesktop() {
      const r = await client.call('desktop.get', {});
      if (r.ok) set({ desktop: r.value });
    },
    async updateDesktop(patch) {
      const r = await client.call('desktop.update', patch);
      if (r.ok) set({ desktop: r.value });
      else get().notify(null, r.error);
    },
    async chooseWatchFolder() {
      const r = await client.call('desktop.chooseWatchFolder', {});
      if (r.ok) set({ desktop: r.value });
      else get().notify(null, r.error);
    },
  };
};
