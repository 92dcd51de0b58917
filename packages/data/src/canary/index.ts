export * from "./assign";
export * from "./verdict";
export * from "./settings";
export * from "./stats";
export * from "./faults";
