export * from "./backends";
export * from "./migrate";
export * from "./secrets";
export * from "./server";
export * from "./wrangler-config";
export * from "./mesh";
export * from "./worker-options";
