import type { ContextBridgePort } from './preload-bridge';

/**
 * The one non-IPC helper the page gets: the disk path of a dropped File. Electron removed
 * File.path (32); webUtils.getPathForFile is its replacement and only works in the preload.
 * Classic Outlook drops arrive as temp files Chromium wrote for the drop, so the page hands the
 * path straight to the core's path import. The function answers '' for anything that is not a
 * File backed by a disk file and never throws into the page.
 */
export interface WebUtilsPort {
  getPathForFile(file: never): string;
}

export const FILES_GLOBAL = 'connectorFiles';

export interface ConnectorFiles {
  pathForFile(file: unknown): string;
}

export function createConnectorFiles(webUtils: WebUtilsPort, isFile: (value: unknown) => boolean): ConnectorFiles {
  return Object.freeze({
    pathForFile(file: unknown): string {
      if (!isFile(file)) return '';
      try {
        return webUtils.getPathForFile(file as never);
      } catch {
        return '';
      }
    },
  });
}

export function exposeConnectorFiles(contextBridge: ContextBridgePort, webUtils: WebUtilsPort, isFile: (value: unknown) => boolean): void {
  contextBridge.exposeInMainWorld(FILES_GLOBAL, createConnectorFiles(webUtils, isFile));
}
