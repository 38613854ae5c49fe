import { APP_ORIGIN, isAppUrl } from './app-origin';
import type { FramePort } from './electron-ports';

/** A frame that passed isTrustedSender; the brand keeps "a frame" and "a checked frame" apart. */
export type TrustedFrame = FramePort & { readonly __trustedSender: unique symbol };

/**
 * May this frame call the core? Only the app window's top frame showing the bundle: not a
 * missing frame (navigated away or destroyed mid-call), not a sub-frame (the email preview),
 * not any other origin. Mirrors VS Code's validatedIpcMain.
 */
export function isTrustedSender(frame: FramePort | null | undefined): frame is TrustedFrame {
  if (!frame || frame.detached) return false;
  if (frame.parent !== null) return false;
  return frame.origin === APP_ORIGIN && isAppUrl(frame.url);
}
