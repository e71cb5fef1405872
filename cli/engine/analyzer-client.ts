import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import type * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";

export { analyzerProto };

export type EnforcementLevelName = "advisory" | "mandatory" | "disabled" | "remediate";
export type SeverityName = "unspecified" | "low" | "medium" | "high" | "critical";

const ENFORCEMENT_TO_PROTO: Record<EnforcementLevelName, analyzerProto.EnforcementLevel> = {
  advisory: analyzerProto.EnforcementLevel.ADVISORY,
  mandatory: analyzerProto.EnforcementLevel.MANDATORY,
  disabled: analyzerProto.EnforcementLevel.DISABLED,
  remediate: analyzerProto.EnforcementLevel.REMEDIATE,
};

export function enforcementName(level: analyzerProto.EnforcementLevel): EnforcementLevelName {
  const entry = Object.entries(ENFORCEMENT_TO_PROTO).find(([, value]) => value === level);
  return (entry?.[0] ?? "advisory") as EnforcementLevelName;
}

export function severityName(severity: analyzerProto.PolicySeverity): SeverityName {
  return (["unspecified", "low", "medium", "high", "critical"] as const)[severity] ?? "unspecified";
}

/** A resource as the engine describes it to an analyzer. */
export interface AnalyzedResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  /** Inputs in the engine's wire form (secrets and unknowns as Pulumi encodes them). */
  readonly properties: Record<string, unknown>;
  readonly parent?: string;
}

export interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly message: string;
  readonly enforcementLevel: EnforcementLevelName;
  readonly severity: SeverityName;
  readonly urn: string;
  readonly description: string;
}

export interface AnalyzeResult {
  readonly diagnostics: Diagnostic[];
  readonly notApplicable: { policyName: string; reason: string }[];
}

export interface RemediationResult {
  readonly policyName: string;
  readonly properties: Record<string, unknown> | undefined;
  readonly diagnostic: string;
}

export interface PolicyConfigEntry {
  readonly enforcementLevel?: EnforcementLevelName;
  readonly properties?: Record<string, unknown>;
}

export function defaultUrn(type: string, name: string): string {
  return `urn:pulumi:dev::azure-redis-guard-check::${type}::${name}`;
}

function toStruct(value: Record<string, unknown>): structProto.Struct {
  // Struct.fromJavaScript only accepts JSON values: the engine's wire form is JSON already.
  return structProto.Struct.fromJavaScript(value as Record<string, structProto.JavaScriptValue>);
}

function resourceOptions(): analyzerProto.AnalyzerResourceOptions {
  const options = new analyzerProto.AnalyzerResourceOptions();
  options.setCustomtimeouts(new analyzerProto.AnalyzerResourceOptions.CustomTimeouts());
  return options;
}

function analyzeRequest(resource: AnalyzedResource): analyzerProto.AnalyzeRequest {
  const request = new analyzerProto.AnalyzeRequest();
  request.setType(resource.type);
  request.setName(resource.name);
  request.setUrn(resource.urn ?? defaultUrn(resource.type, resource.name));
  request.setProperties(toStruct(resource.properties));
  request.setOptions(resourceOptions());
  return request;
}

function toDiagnostic(d: analyzerProto.AnalyzeDiagnostic): Diagnostic {
  return {
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    message: d.getMessage(),
    enforcementLevel: enforcementName(d.getEnforcementlevel()),
    severity: severityName(d.getSeverity()),
    urn: d.getUrn(),
    description: d.getDescription(),
  };
}

function toAnalyzeResult(response: analyzerProto.AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: response.getDiagnosticsList().map(toDiagnostic),
    notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

type Unary<Req, Res> = (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => grpc.ClientUnaryCall;

function call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

/** The engine's side of the Analyzer protocol, as the Pulumi CLI speaks it to a policy pack. */
export class AnalyzerConnection {
  readonly client: analyzerGrpc.AnalyzerClient;

  constructor(port: number) {
    this.client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 1024 * 1024 * 400,
      "grpc.max_send_message_length": 1024 * 1024 * 400,
    });
  }

  pluginInfo(): Promise<{ version: string }> {
    return call<emptyProto.Empty, pluginProto.PluginInfo>(this.client.getPluginInfo.bind(this.client), new emptyProto.Empty()).then((r) => ({ version: r.getVersion() }));
  }

  analyzerInfo(): Promise<analyzerProto.AnalyzerInfo> {
    return call<emptyProto.Empty, analyzerProto.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new emptyProto.Empty());
  }

  async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
    const request = new analyzerProto.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [policy, entry] of Object.entries(config)) {
      const policyConfig = new analyzerProto.PolicyConfig();
      policyConfig.setEnforcementlevel(ENFORCEMENT_TO_PROTO[entry.enforcementLevel ?? "mandatory"]);
      policyConfig.setProperties(toStruct(entry.properties ?? {}));
      map.set(policy, policyConfig);
    }
    await call(this.client.configure.bind(this.client), request);
  }

  async analyze(resource: AnalyzedResource): Promise<AnalyzeResult> {
    return toAnalyzeResult(await call(this.client.analyze.bind(this.client), analyzeRequest(resource)));
  }

  async analyzeStack(resources: readonly AnalyzedResource[]): Promise<AnalyzeResult> {
    const request = new analyzerProto.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((r) => {
        const resource = new analyzerProto.AnalyzerResource();
        resource.setType(r.type);
        resource.setName(r.name);
        resource.setUrn(r.urn ?? defaultUrn(r.type, r.name));
        resource.setProperties(toStruct(r.properties));
        resource.setOptions(resourceOptions());
        if (r.parent) resource.setParent(r.parent);
        return resource;
      }),
    );
    return toAnalyzeResult(await call(this.client.analyzeStack.bind(this.client), request));
  }

  async remediate(resource: AnalyzedResource): Promise<RemediationResult[]> {
    const response = await call<analyzerProto.AnalyzeRequest, analyzerProto.RemediateResponse>(this.client.remediate.bind(this.client), analyzeRequest(resource));
    return response.getRemediationsList().map((r) => ({
      policyName: r.getPolicyname(),
      properties: r.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
      diagnostic: r.getDiagnostic(),
    }));
  }

  close(): void {
    this.client.close();
  }
}
