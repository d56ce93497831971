import { describe, expect, it } from "vitest";
import { phaseIndex, phaseOf } from "./progress";

describe("the image job's phases", () => {
  it("follow the progress the job reports", () => {
    expect(phaseOf({ status: "RUNNING", progress: 0 })).toBe("enhancing");
    expect(phaseOf({ status: "RUNNING", progress: 0.1 })).toBe("enhancing");
    expect(phaseOf({ status: "RUNNING", progress: 0.3 })).toBe("drawing");
    expect(phaseOf({ status: "RUNNING", progress: 0.79 })).toBe("drawing");
    expect(phaseOf({ status: "RUNNING", progress: 0.8 })).toBe("storing");
    expect(phaseOf({ status: "RUNNING", progress: Number.NaN })).toBe("enhancing");
  });

  it("are none before the start and after the end", () => {
    expect(phaseOf({ status: "QUEUED", progress: 0 })).toBeNull();
    expect(phaseOf({ status: "FAILED", progress: 0.3 })).toBeNull();
    expect(phaseIndex({ status: "QUEUED", progress: 0 })).toBe(-1);
    expect(phaseIndex({ status: "RUNNING", progress: 0.5 })).toBe(1);
    expect(phaseIndex({ status: "SUCCEEDED", progress: 1 })).toBe(3);
  });
});
