import type { Rule } from "../core/types";
import { redisNonSslPort } from "./Azure.Redis.NonSslPort";

export { redisNonSslPort };

/** Every rule of the core, in the order reports list them. */
export const allRules: readonly Rule[] = [redisNonSslPort];

/** A rule by its id (`Azure.Redis.NonSslPort`), or `undefined`. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}
