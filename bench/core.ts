import { allRules, buildResourceView, ruleApplies, type ResourceView } from "../policies";
import { pulumiBindings } from "../policies/pulumi";
import { terraformBindings } from "../policies/terraform";
import { median, nowMs } from "./stats";

/** Views as the surfaces build them, mostly compliant (as real estates are), some not, some unknown. */
function sampleViews(): ResourceView[] {
  const values: unknown[] = [false, false, false, undefined, undefined, true, "TRUE", "${var.redis_non_ssl}", 3];
  const views: ResourceView[] = [];
  for (const binding of [...pulumiBindings, ...terraformBindings]) {
    for (const value of values) {
      const props: Record<string, unknown> = {};
      for (const paths of Object.values(binding.settings)) if (value !== undefined && paths?.[0]) props[paths[0]] = value;
      views.push(buildResourceView(binding, "cache", props, "terraformType" in binding ? "terraform" : "pulumi"));
    }
  }
  return views;
}

/** Rule evaluations per second in process: every rule that applies to each pre-built view. */
export function measureCoreEvaluations(seconds: number, repetitions: number): number {
  const views = sampleViews();
  const pairs = views.flatMap((view) => allRules.filter((r) => ruleApplies(r, view)).map((rule) => [rule, view] as const));
  const rates: number[] = [];
  let sink = 0;
  for (let rep = 0; rep < repetitions + 1; rep++) {
    let evaluations = 0;
    const started = nowMs();
    while (nowMs() - started < seconds * 1000) {
      for (let i = 0; i < 10_000; i++) {
        const [rule, view] = pairs[i % pairs.length]!;
        if (rule.evaluate(view).status === "pass") sink++;
      }
      evaluations += 10_000;
    }
    if (rep > 0) rates.push(evaluations / ((nowMs() - started) / 1000)); // the first repetition warms up
  }
  if (sink < 0) console.log(sink); // keeps the results alive so the loop is not optimised away
  return median(rates);
}
