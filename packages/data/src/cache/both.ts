// BENCHMARK ONLY, temporary: while both tag designs are in the package, what the gateway and tests
// call reaches both.
import * as logTags from "./tags";
import * as versions from "./versions";

export { TAG_SYNC_MS, TAG_WAIT_MS } from "./versions";
export function forgetTags(tags: string[]): void {
  logTags.forgetTags(tags);
  versions.forgetTags(tags);
}
export function learnTags(pairs: [string, number][]): void {
  logTags.learnTags(pairs);
  versions.learnTags(pairs);
}
