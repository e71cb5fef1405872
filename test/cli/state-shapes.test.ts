import { describe, expect, it } from "vitest";
import { expectNoStackTrace, runCli, tempDir, writeJson } from "../support/cli";

/**
 * "Nothing to check" is a claim a state must prove (issue 19): Terraform omits `values` for an empty state and
 * writes `resources: []` in an empty state file, so only those read as empty; a shape Terraform never writes is
 * exit 2 naming what is wrong, never "the input holds no resources".
 */
const SHOWN = { format_version: "1.0", terraform_version: "1.9.8" };
const FILE = { version: 4, terraform_version: "1.9.8", serial: 1, lineage: "3f1c2a9e-0b7d-4c35-9f1e-5d2a7c8b4e61", outputs: {} };

describe("a state that holds no resources, and one that only looks empty", () => {
  const dir = tempDir("state-shapes");
  it.each([
    ["terraform show -json of an empty state (no values)", SHOWN, 0, /Nothing was checked: the input holds no resources\./],
    ["a state file with resources: []", { ...FILE, resources: [] }, 0, /Nothing was checked: the input holds no resources\./],
    ["values that are not an object", { ...SHOWN, values: false }, 2, /values is not an object/],
    ["values without root_module", { ...SHOWN, values: {} }, 2, /values has no root_module/],
    ["a state file without resources", FILE, 2, /resources is missing/],
  ])("%s", async (_what, document, exitCode, expected) => {
    const run = await runCli(["check", writeJson(dir, "state.json", document)]);
    expect(run.status).toBe(exitCode);
    expect(`${run.stdout}${run.stderr}`).toMatch(expected);
    expectNoStackTrace(run.stderr);
  });
});
