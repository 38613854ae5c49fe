export { insertHistory, listHistory, type HistoryEntry, type HistoryAttachment, type HistoryQuery, type NewHistoryEntry } from './history';
export {
  FIRST_USE_NOTICE,
  NOTICE_VERSION,
  noticeState,
  acknowledgeNotice,
  corporateDomains,
  setCorporateDomains,
  isCorporate,
  externalAddresses,
  type NoticeState,
  type ExternalCheck,
} from './privacy';
