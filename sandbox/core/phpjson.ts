/**
 * The recorded server emits plain PHP json_encode output: "/" escaped as "\/" and every
 * non-ASCII UTF-16 unit as \uXXXX. Clients that hash or diff raw bodies see exactly this.
 */
export function phpJsonEncode(value: unknown): string {
  const s = JSON.stringify(value);
  return s.replace(/[\u0080-\uffff/]/g, (c) => (c === '/' ? '\\/' : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
}
