import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, startRepoPack } from "../support/pack";
import packageJson from "../../package.json";

describe("how the pack starts", () => {
  it("runs built JavaScript, so run-policy-pack never type-checks TypeScript at start", () => {
    expect(packageJson.main).toMatch(/^dist\/.*\.js$/);
    expect(packageJson.scripts.prepare).toBe("node scripts/prepare.js");
    expect(fs.readFileSync(path.join(REPO_ROOT, "scripts", "prepare.js"), "utf8")).toContain("tsconfig.build.json");
    expect(fs.existsSync(path.join(REPO_ROOT, packageJson.main))).toBe(true);
  });

  it("loads no Azure SDK and no CDKTF module at run time", async () => {
    const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "arg-modules-")), "modules.json");
    const preload = path.join(path.dirname(dump), "record-modules.js");
    fs.writeFileSync(
      preload,
      `process.on("SIGTERM", () => { require("fs").writeFileSync(${JSON.stringify(dump)}, JSON.stringify(Object.keys(require.cache))); process.exit(0); });`,
    );
    const pack = await startRepoPack({ ...process.env, NODE_OPTIONS: `--require ${preload}` });
    await pack.engine.analyze({ type: "azure-native:redis:Redis", name: "c", properties: { enableNonSslPort: true } });
    await pack.stop();
    const loaded = JSON.parse(fs.readFileSync(dump, "utf8")) as string[];
    expect(loaded.some((m) => m.includes(`${path.sep}dist${path.sep}policies${path.sep}pack.js`))).toBe(true);
    expect(loaded.filter((m) => /node_modules[\\/](@pulumi[\\/]azure|@pulumi[\\/]azure-native|cdktf|@cdktf)[\\/]/.test(m))).toEqual([]);
  });
});

describe("the package's exports", () => {
  it("`.` and `./pulumi` import without side effects: no server, no output, the process ends by itself", () => {
    const script = `
      const core = require("azure-redis-guard");
      const pulumi = require("azure-redis-guard/pulumi");
      if (!core.allRules.length || typeof pulumi.createPulumiPolicies !== "function") process.exit(3);
      if (pulumi.createPulumiPolicies().length !== core.allRules.length) process.exit(4);
    `;
    const result = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8", timeout: 20_000 });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
  });

  it("declares typed entry points for the core and the Pulumi policies, also for TypeScript's classic resolution", () => {
    expect(Object.keys(packageJson.exports)).toEqual([".", "./pulumi", "./package.json"]);
    for (const entry of [".", "./pulumi"] as const) {
      const target = packageJson.exports[entry];
      expect(fs.existsSync(path.join(REPO_ROOT, target.types))).toBe(true);
      expect(fs.existsSync(path.join(REPO_ROOT, target.default))).toBe(true);
    }
    // `moduleResolution: node` ignores `exports`; typesVersions is what it reads for the subpath.
    expect(packageJson.typesVersions["*"]["pulumi"]).toEqual([packageJson.exports["./pulumi"].types.replace(/^\.\//, "")]);
  });
});

describe("prepare", () => {
  it("in a published package (no sources) keeps the shipped dist/, and says so when there is none", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arg-prepare-"));
    fs.mkdirSync(path.join(dir, "scripts"));
    fs.copyFileSync(path.join(REPO_ROOT, "scripts", "prepare.js"), path.join(dir, "scripts", "prepare.js"));
    const missing = spawnSync(process.execPath, ["scripts/prepare.js"], { cwd: dir, encoding: "utf8" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("has no dist/policies/pack.js");
    fs.mkdirSync(path.join(dir, "dist", "policies"), { recursive: true });
    fs.writeFileSync(path.join(dir, "dist", "policies", "pack.js"), "");
    const shipped = spawnSync(process.execPath, ["scripts/prepare.js"], { cwd: dir, encoding: "utf8" });
    expect(shipped.status).toBe(0);
    expect(shipped.stdout + shipped.stderr).toBe("");
  });
});
