// "@pitchey/contracts/routes": the route table, its matcher and the API versions, without zod (the
// gateway routes with these alone).
export * from "./routes";
export * from "./route-match";
export * from "./versions";
