// Unit tests in Node: these modules use only web-standard APIs (WebCrypto, Request, streams, TextEncoder),
// which Node 20 has, so no workerd or back-ends are needed.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.spec.ts"],
  },
});
