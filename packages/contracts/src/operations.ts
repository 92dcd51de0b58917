// Every operation's spec, keyed by operationId: exactly the routes of routes.ts (checked at compile
// time). For the OpenAPI document and the docs; a service imports only its own operations.<svc>.ts.
import type { AllSpecs } from "./operation";
import { authOperations } from "./operations.auth";
import { healthOperations } from "./operations.health";
import { investorOperations } from "./operations.investor";
import { pitchOperations } from "./operations.pitch";

export const OPERATIONS: AllSpecs = { ...authOperations, ...pitchOperations, ...investorOperations, ...healthOperations } satisfies AllSpecs;
