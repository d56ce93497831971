export {
  useConnection,
  type ConnectionLike,
  type ConnectionResult,
  type UseConnectionOptions,
} from "./useConnection";
export { usePageSize, DEFAULT_PAGE_SIZE } from "./usePageSize";
export { LoadMore } from "./LoadMore";
export { ListStatus } from "./ListStatus";
export { SearchInput } from "./SearchInput";
export { SEARCH_DELAY_MS, useSearchParam } from "./useSearchParam";
export { useSelection, type Selection } from "./useSelection";
export { SelectionBar } from "./SelectionBar";
export { BulkReport, type BulkLine } from "./BulkReport";
export { useAddressState } from "./useAddressState";
