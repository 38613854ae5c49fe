/** The desktop calls' schemas live in the contract; this shell implements them (desktop-handlers.ts). */
export { DesktopUpdate, DesktopView, ImportPathsInput, ImportPathsOutput, PathImportOutcomeView, ShortcutStatusView, WatchStatusView } from '../../app/contract/desktop';
