export * from "./env";
export * from "./errors";
export * from "./db";
export * from "./redis";
export * from "./health";
export * from "./request-stats";
