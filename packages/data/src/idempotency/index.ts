export * from "./policy";
export { bindResourceCte, completeStatement, purgeExpired as purgeExpiredKeys, type Claim, type KeyTable, type Remembered } from "./store";
export * from "./idempotently";
