// The page address up to `?`, per webservice endpoint: parsing the URL once per link showed up in
// a drain's profile.
const sites = new Map<string, string>();

/** The CRM page of a record, for "open in CRM" (`<site>/index.php?module=…&action=DetailView&record=<crmid>`). */
export function recordUrl(webserviceEndpoint: string, module: string, wsId: string): string {
  let site = sites.get(webserviceEndpoint);
  if (site === undefined) {
    const u = new URL(webserviceEndpoint);
    u.pathname = u.pathname.replace(/webservice\.php$/, 'index.php');
    u.search = '';
    u.hash = '';
    site = u.toString();
    sites.set(webserviceEndpoint, site);
  }
  const crmid = /x(\d+)$/.exec(wsId)?.[1] ?? wsId;
  return `${site}?${new URLSearchParams({ module, action: 'DetailView', record: crmid }).toString()}`;
}
