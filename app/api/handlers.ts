import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../contract/api';

/** What the core implements: one async function per call in the contract. */
export type Handlers = { [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>> };

/** How the core reaches the renderer(s): the shell supplies it. */
export type EmitEvent = <K extends EventName>(name: K, payload: EventPayload<K>) => void;
