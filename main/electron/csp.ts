/**
 * The renderer's Content-Security-Policy, sent as a header by the app:// handler (a header
 * cannot be removed by markup, and it covers the email preview's about:srcdoc frame, which
 * inherits its parent's policy).
 *
 * - script-src 'self': only the bundled scripts; no inline script, no eval.
 * - style-src 'self' 'unsafe-inline': the sanitized email HTML shown in the srcdoc preview keeps
 *   inline `style` attributes for layout fidelity, and a srcdoc frame is bound by this policy.
 *   Inline CSS cannot run code, and the exfiltration paths it would otherwise open (url() to a
 *   tracker) are closed by img-src/font-src/connect-src below and by the session's request block.
 * - connect-src 'none': in Electron the renderer talks to the core over IPC only and never to
 *   the CRM or any server.
 * - img-src adds data: (cid: images are rewritten to data: URLs) and blob: (dropped files).
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'none'"],
  ['media-src', "'none'"],
  ['object-src', "'none'"],
  ['frame-src', "'self'"],
  ['worker-src', "'none'"],
  ['manifest-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** Directive name → source list. Used by tests and by anyone auditing the header. */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name)) out.set(name.toLowerCase(), sources);
  }
  return out;
}
