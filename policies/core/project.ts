/** Where this project's pages live; every rule's docs link and the SARIF output point here. */
export const PROJECT_URL = "https://github.com/azure-redis-guard/azure-redis-guard";

/** Link to a rule's page in docs/rules. */
export function ruleDocsUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules/${ruleId}.md`;
}

/** Pulumi policy names are rule ids in kebab case: `Azure.Redis.NonSslPort` -> `azure-redis-non-ssl-port`. */
export function policyNameOf(ruleId: string): string {
  return ruleId
    .split(".")
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2"))
    .join("-")
    .toLowerCase();
}
