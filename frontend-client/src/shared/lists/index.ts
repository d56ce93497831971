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
