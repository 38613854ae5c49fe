export { Spool, isSha256 } from './spool';
