/**
 * The policy pack entry: what `pulumi preview --policy-pack <this repo>` runs (package.json `main`).
 * Constructing the PolicyPack starts the gRPC server the Pulumi engine talks to, so nothing else imports this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { createPulumiPolicies } from "./pulumi/policies";

new PolicyPack("azure-redis-guard", {
  displayName: "Azure Redis Guard",
  description: "Stops Azure Cache for Redis and Azure Managed Redis from being deployed insecurely (PSRule for Azure rules on one shared core).",
  policies: createPulumiPolicies(),
});
