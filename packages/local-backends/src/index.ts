export * from "./backends";
export * from "./migrate";
export * from "./secrets";
export * from "./server";
export * from "./wrangler-config";
