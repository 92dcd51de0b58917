// The SDK sender (sentry.ts SentrySender): sentry-client.ts, and with it @sentry/cloudflare, is
// imported the first time there is something to send — esbuild keeps it in the bundle but does not
// evaluate it before then, so nothing of the SDK runs at startup or on a request that is not reported.
import type { SentrySender } from "./sentry";

export const sdkSentry: SentrySender = {
  error: (report, err) => import("./sentry-client").then((m) => m.sendError(report, err)),
  transaction: (report, txn) => import("./sentry-client").then((m) => m.sendTransaction(report, txn)),
};
