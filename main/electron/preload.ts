import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeConnectorBridge } from './preload-bridge';
import { exposeConnectorFiles } from './preload-files';

// Entry of the sandboxed preload bundle (dist/electron/preload.cjs); the logic is in preload-bridge
// and preload-files. `File` is the sandboxed preload's own global (a DOM context).
exposeConnectorBridge(contextBridge, ipcRenderer);
exposeConnectorFiles(contextBridge, webUtils, (value) => typeof File !== 'undefined' && value instanceof File);
