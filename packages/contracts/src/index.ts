export * from "./common";
export * from "./health";
export * from "./identity";
export * from "./routes";
export * from "./openapi";
export * from "./route-schemas";
