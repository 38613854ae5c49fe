import { createHash, randomBytes } from 'node:crypto';

export interface EmlAttachment {
  name: string;
  contentType: string;
  data: Uint8Array;
}

export interface EmlSpec {
  subject: string;
  messageId?: string | null;
  date?: string;
  from?: string;
  to?: string;
  cc?: string;
  text?: string;
  html?: string;
  attachments?: EmlAttachment[];
}

function b64lines(data: Uint8Array): string {
  return (Buffer.from(data).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function encodeWord(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

/** A MIME message as a mail client would save it (multipart/mixed with base64 parts). */
export function buildEml(s: EmlSpec): Buffer {
  const boundary = `b_${createHash('sha1').update(s.subject).digest('hex').slice(0, 12)}`;
  const headers = [
    `From: ${s.from ?? 'Anna Client <anna@client.example>'}`,
    `To: ${s.to ?? 'Giulia Rinaldi <giulia.rinaldi@aurora-industrie.example>'}`,
    ...(s.cc ? [`Cc: ${s.cc}`] : []),
    `Subject: ${encodeWord(s.subject)}`,
    `Date: ${s.date ?? 'Fri, 01 Mar 2024 10:15:00 +0100'}`,
    ...(s.messageId === null ? [] : [`Message-ID: ${s.messageId ?? `<${randomBytes(8).toString('hex')}@client.example>`}`]),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts: string[] = [];
  if (s.html !== undefined) {
    parts.push(`Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64lines(Buffer.from(s.html, 'utf8'))}`);
  } else {
    parts.push(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64lines(Buffer.from(s.text ?? 'Hello', 'utf8'))}`);
  }
  for (const a of s.attachments ?? []) {
    parts.push(
      `Content-Type: ${a.contentType}; name="${a.name}"\r\nContent-Disposition: attachment; filename="${a.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64lines(a.data)}`,
    );
  }
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`;
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}
