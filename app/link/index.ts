export { readCapturedMail, MailSnapshot, type SnapshotAttachment } from './snapshot';
export { messageElement, messageIdFor, markerFor, bodyHtml, uploadName, MARKER_PREFIX, type ElementOptions } from './message-element';
export { findLanded, findLandedBatch, findLandedMany, landedBatchSize, LANDED_QUERY_BUDGET, matchLanded, type Landed, type LandedQuery, type QueryPort } from './reconcile';
export { checkTargets, type TargetCheck, type RetrievePort } from './targets';
export { wallTimeIn, isValidTimeZone } from './wall-time';
export { recordUrl } from './crm-url';
