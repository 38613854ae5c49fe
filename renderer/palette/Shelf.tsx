import { useState } from 'react';
import type { Client } from '../src/client';

declare global {
  interface Window {
    /** Set by the Electron preload (preload-files.ts). */
    connectorFiles?: { pathForFile(file: File): string };
  }
}

/**
 * The drop shelf: a small always-on-top target for dragging mails from the mail client where the
 * tray icon cannot take drops. Every file's bytes are read inside the drop event — Chromium's
 * temp copies of Outlook messages live only that long — and imported through the contract.
 */
export function Shelf({ client }: { client: Client }) {
  const [note, setNote] = useState('Drop emails here');

  const onDragOver = (e: React.DragEvent) => {
    e.preventDefault();
    // Copy, never move: a "move" drop makes Outlook delete the message (market-research §3.1).
    e.dataTransfer.dropEffect = 'copy';
  };

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const files = [...e.dataTransfer.files];
    if (files.length === 0) {
      setNote('Nothing to import: save the mail as a file first (see the app’s help)');
      return;
    }
    const reads = files.map((f) => f.arrayBuffer().then((buf) => ({ name: f.name, bytes: new Uint8Array(buf) })));
    setNote(`Importing ${files.length}…`);
    void Promise.allSettled(reads).then(async (results) => {
      let ok = 0;
      for (const r of results) {
        if (r.status !== 'fulfilled') continue;
        const res = await client.call('mail.import', { fileName: r.value.name, bytes: r.value.bytes });
        if (res.ok) ok++;
      }
      setNote(ok === files.length ? `Captured ${ok}` : `Captured ${ok} of ${files.length}`);
    });
  };

  return (
    <div className="shelf" onDragOver={onDragOver} onDragEnter={onDragOver} onDrop={onDrop} role="region" aria-label="Drop emails here">
      {note}
    </div>
  );
}
