import type { CallInput, CallName, CallOutput, EventName, EventPayload, ShellCallName } from '../contract/api';

type HandlerMap<N extends CallName> = { [K in N]: (input: CallInput<K>) => Promise<CallOutput<K>> };

/** What the core implements: every call of the contract but the shell's own. */
export type CoreHandlers = HandlerMap<Exclude<CallName, ShellCallName>>;

/** What each shell implements itself (desktop integration). */
export type ShellHandlers = HandlerMap<ShellCallName>;

/** The whole contract: what a shell hands to the dispatcher. */
export type Handlers = CoreHandlers & ShellHandlers;

/** How the core reaches the renderer(s): the shell supplies it. */
export type EmitEvent = <K extends EventName>(name: K, payload: EventPayload<K>) => void;
