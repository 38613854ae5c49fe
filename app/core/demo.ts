import type { DemoCrm } from './crm-handlers';

/**
 * The demo CRM a launcher started (npm start). The key travels in the environment, never in
 * argv, which every local user can read.
 */
export function demoFromEnv(env: NodeJS.ProcessEnv): DemoCrm | null {
  const url = env.CONNECTOR_DEMO_URL;
  const userName = env.CONNECTOR_DEMO_USER;
  const accessKey = env.CONNECTOR_DEMO_ACCESS_KEY;
  return url && userName && accessKey ? { url, userName, accessKey } : null;
}
