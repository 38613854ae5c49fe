/** Mail intake: the public surface of app/mail. */
export { DEFAULT_LIMITS, resolveLimits, type MailLimits } from './limits';
export type { NormalisedAttachment, NormalisedMail } from './model';
export { createParserPool, defaultWorkerEntry, type MeasuredParse, type ParserPool, type ParserWorkerEntry } from './parser-pool';
export type { ParseStats } from './worker-protocol';
export { parseMailBytes, parseMailFile, type ParseOptions } from './standalone';
export { createMailIntake, type MailIntake, type MailIntakeDeps } from './intake';
export { toView } from './view';
export { sanitizeFileName } from './safe-name';
export { detectFormat } from './detect';
export { clientKey, vteMessageHash } from './dedupe';
export { forkParser, type ParserChild, type SpawnParser } from './parser-child';
