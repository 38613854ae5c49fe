import { contextBridge, ipcRenderer } from 'electron';
import { exposeConnectorBridge } from './preload-bridge';

// Entry of the sandboxed preload bundle (dist/electron/preload.cjs); the logic is in preload-bridge.
exposeConnectorBridge(contextBridge, ipcRenderer);
