import { unknownCheckingProxy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { UnknownValue } from "../../policies";
import { readPath } from "../../policies/internal";

describe("a block written as a one-element list", () => {
  // Found by the property suite (seed 766559031): the element itself is Pulumi's unknown sentinel.
  const props = { defaultDatabase: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"] };

  it("is unknown when its element is, read plainly or through the SDK's proxy, and never throws", () => {
    expect(readPath(props, "defaultDatabase.clientProtocol", "pulumi")).toBeInstanceOf(UnknownValue);
    expect(readPath(unknownCheckingProxy(props), "defaultDatabase.clientProtocol", "pulumi")).toBeInstanceOf(UnknownValue);
  });
});
