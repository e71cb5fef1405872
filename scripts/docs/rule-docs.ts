import type { RuleDocs } from "../../policies/rules/rule-docs";
import * as cacheEntraID from "../../policies/rules/Azure.Redis.EntraID";
import * as cacheLocalAuth from "../../policies/rules/Azure.Redis.LocalAuth";
import * as cacheMigrateAMR from "../../policies/rules/Azure.Redis.MigrateAMR";
import * as cacheMinTLS from "../../policies/rules/Azure.Redis.MinTLS";
import * as cacheNonSslPort from "../../policies/rules/Azure.Redis.NonSslPort";
import * as cachePublicNetworkAccess from "../../policies/rules/Azure.Redis.PublicNetworkAccess";
import * as cacheVersion from "../../policies/rules/Azure.Redis.Version";
import * as enterpriseClientProtocol from "../../policies/rules/Azure.RedisEnterprise.ClientProtocol";
import * as enterpriseLocalAuth from "../../policies/rules/Azure.RedisEnterprise.LocalAuth";
import * as enterpriseMigrateAMR from "../../policies/rules/Azure.RedisEnterprise.MigrateAMR";
import * as enterpriseMinTLS from "../../policies/rules/Azure.RedisEnterprise.MinTLS";
import * as enterprisePublicNetworkAccess from "../../policies/rules/Azure.RedisEnterprise.PublicNetworkAccess";

/**
 * Each rule file's `docs`, by rule id. Listed here rather than loaded by file name so that the compiler
 * checks every rule file exports one; test/core/generated-docs.test.ts checks every rule is listed.
 */
export const RULE_DOCS: Readonly<Record<string, RuleDocs>> = {
  "Azure.Redis.EntraID": cacheEntraID.docs,
  "Azure.Redis.LocalAuth": cacheLocalAuth.docs,
  "Azure.Redis.MigrateAMR": cacheMigrateAMR.docs,
  "Azure.Redis.MinTLS": cacheMinTLS.docs,
  "Azure.Redis.NonSslPort": cacheNonSslPort.docs,
  "Azure.Redis.PublicNetworkAccess": cachePublicNetworkAccess.docs,
  "Azure.Redis.Version": cacheVersion.docs,
  "Azure.RedisEnterprise.ClientProtocol": enterpriseClientProtocol.docs,
  "Azure.RedisEnterprise.LocalAuth": enterpriseLocalAuth.docs,
  "Azure.RedisEnterprise.MigrateAMR": enterpriseMigrateAMR.docs,
  "Azure.RedisEnterprise.MinTLS": enterpriseMinTLS.docs,
  "Azure.RedisEnterprise.PublicNetworkAccess": enterprisePublicNetworkAccess.docs,
};
