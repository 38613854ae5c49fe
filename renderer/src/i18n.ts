/** English and Italian strings. Italian is vtenext's home market; English is the fallback. */
const en = {
  appTitle: 'vtenext Mail Connector',
  dropTitle: 'Drop emails here',
  dropHint: '.msg, .eml or winmail.dat — files are copied, your mail client keeps its message.',
  chooseFiles: 'Choose files…',
  inboxTitle: 'Captured emails',
  inboxEmpty: 'Nothing captured yet.',
  importing: 'Reading {name}…',
  from: 'From',
  to: 'To',
  cc: 'Cc',
  date: 'Date',
  attachments: 'Attachments',
  noSubject: '(no subject)',
  remove: 'Remove',
  notConnected: 'This page is not connected to the app. Open the link that the connector printed when it started.',
  dismiss: 'Dismiss',
  warnings: 'Repaired while reading',
  preview: 'Message preview',
  remoteBlocked: 'Remote content blocked ({count}): the preview never contacts other servers.',
} as const;

export type StringKey = keyof typeof en;

const it: Partial<Record<StringKey, string>> = {
  dropTitle: 'Trascina qui le email',
  dropHint: '.msg, .eml o winmail.dat — i file vengono copiati, il client di posta conserva il messaggio.',
  chooseFiles: 'Scegli file…',
  inboxTitle: 'Email acquisite',
  inboxEmpty: 'Ancora nessuna email acquisita.',
  importing: 'Lettura di {name}…',
  from: 'Da',
  to: 'A',
  cc: 'Cc',
  date: 'Data',
  attachments: 'Allegati',
  noSubject: '(nessun oggetto)',
  remove: 'Rimuovi',
  notConnected: "Questa pagina non è collegata all'app. Apri il link stampato dal connettore all'avvio.",
  dismiss: 'Chiudi',
  warnings: 'Riparato durante la lettura',
  preview: 'Anteprima del messaggio',
  remoteBlocked: "Contenuti remoti bloccati ({count}): l'anteprima non contatta mai altri server.",
};

export type Locale = 'en' | 'it';

export function translate(locale: Locale, key: StringKey, vars: Record<string, string> = {}): string {
  const template = (locale === 'it' ? it[key] : undefined) ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => vars[name] ?? '');
}
