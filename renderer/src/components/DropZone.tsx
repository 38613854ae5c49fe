import { useRef, useState, type DragEvent } from 'react';
import { useStore, useT } from '../store-context';

/**
 * Accepts files dropped from the desktop or the mail client, and a keyboard-reachable file
 * picker. Drops are always copies (dropEffect 'copy'), so Outlook never moves the message.
 */
export function DropZone() {
  const importFiles = useStore()((s) => s.importFiles);
  const importing = useStore()((s) => s.importing);
  const t = useT();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const allowDrop = (e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length > 0) void importFiles(files);
  };

  return (
    <section
      className={over ? 'dropzone dropzone--over' : 'dropzone'}
      data-testid="dropzone"
      aria-label={t('dropTitle')}
      onDragEnter={allowDrop}
      onDragOver={allowDrop}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <h2>{t('dropTitle')}</h2>
      <p className="muted">{t('dropHint')}</p>
      <button type="button" onClick={() => input.current?.click()}>
        {t('chooseFiles')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".msg,.eml,.dat,message/rfc822,application/vnd.ms-outlook,application/ms-tnef"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) void importFiles(files);
        }}
      />
      <ul className="importing" aria-live="polite">
        {importing.map((name) => (
          <li key={name}>{t('importing', { name })}</li>
        ))}
      </ul>
    </section>
  );
}
