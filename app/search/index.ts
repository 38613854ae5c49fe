export { createSearch, PARTY_MODULES, type AddressMatch, type AddressSuggestion, type Search, type SearchHit, type SearchOptions } from './search';
