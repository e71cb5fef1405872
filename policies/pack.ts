/**
 * The policy pack entry: what `pulumi preview --policy-pack <this repo>` runs (package.json `main`).
 * Constructing the PolicyPack starts the gRPC server the Pulumi engine talks to, so nothing else imports this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { createPulumiPolicies } from "./pulumi/policies";

new PolicyPack("azure-redis-guard", {
  displayName: "Azure Redis Guard",
  description: "Stops Azure Cache for Redis from being deployed with unencrypted connections (PSRule for Azure rules).",
  policies: createPulumiPolicies(),
});
