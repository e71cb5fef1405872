import { describe, expect, it } from "vitest";
import { stressPack } from "../../bench/stress";
import { REPO_ROOT } from "../support/pack";

/** The short version of `npm run stress` (50,000 calls): the same checks on 5,000 calls. */
describe("the pack under load", () => {
  it("answers 5,000 Analyze calls with 64 in flight, refuses only what it cannot parse, and does not grow", async () => {
    const result = await stressPack(REPO_ROOT, 5000, 64);
    expect(result.unexpectedErrors).toBe(0);
    // Calls 500, 1497, 2494, 3491 and 4488 carry an asset the policy SDK cannot deserialize.
    expect(result.unparsableRefused).toBe(5);
    expect(result.answered).toBe(4995);
    expect(result.rssGrowth).toBeLessThanOrEqual(0.2);
  });
});
