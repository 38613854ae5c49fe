/**
 * The recorded server emits plain PHP json_encode output: "/" escaped as "\/" and every
 * non-ASCII UTF-16 unit as \uXXXX. Clients that hash or diff raw bodies see exactly this.
 */
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

export function phpJsonEncode(value: unknown): string {
  // Two cheap passes beat one callback per "/" on page-sized bodies full of URLs and dates.
  let s = JSON.stringify(value).replaceAll('/', '\\/');
  if (NON_ASCII.test(s)) s = s.replace(NON_ASCII_ALL, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return s;
}
