import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RedisCache } from "@cdktf/provider-azurerm/lib/redis-cache";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RedisPolicyAspect } from "azure-redis-guard/cdktf";

interface RedisStackProps {
  /** The construct id of the cache: it names the resource in synth errors and in `check` reports. */
  readonly cacheId: string;
  /** Opens the plaintext port 6379 when true: Azure.Redis.NonSslPort (AZR-000163) fails the synth. */
  readonly nonSslPortEnabled: boolean;
}

/** One resource group and one Basic C0 cache; the two stacks differ only in the non-SSL port. */
class RedisStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: RedisStackProps) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", { features: [{}] });
    const group = new ResourceGroup(this, "group", { name: `rg-redis-guard-${id}`, location: "westeurope" });
    new RedisCache(this, props.cacheId, {
      name: `redis-guard-${id}`,
      location: group.location,
      resourceGroupName: group.name,
      skuName: "Basic",
      family: "C",
      capacity: 0,
      nonSslPortEnabled: props.nonSslPortEnabled,
      minimumTlsVersion: "1.2",
    });
  }
}

const app = new App();
new RedisStack(app, "compliant", { cacheId: "compliant-cache", nonSslPortEnabled: false });
new RedisStack(app, "violating", { cacheId: "legacy-cache", nonSslPortEnabled: true });

// Every azurerm_redis_cache of every stack is checked when the app synthesizes: a violation is an
// error annotation, and `cdktf synth` fails with the rule's message.
RedisPolicyAspect.applyTo(app);

app.synth();
