/** The CRM page of a record, for "open in CRM" (`<site>/index.php?module=…&action=DetailView&record=<crmid>`). */
export function recordUrl(webserviceEndpoint: string, module: string, wsId: string): string {
  const u = new URL(webserviceEndpoint);
  u.pathname = u.pathname.replace(/webservice\.php$/, 'index.php');
  u.search = '';
  u.hash = '';
  const crmid = /x(\d+)$/.exec(wsId)?.[1] ?? wsId;
  u.searchParams.set('module', module);
  u.searchParams.set('action', 'DetailView');
  u.searchParams.set('record', crmid);
  return u.toString();
}
