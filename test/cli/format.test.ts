import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { terminalText } from "../../src/cli/format.js";

// C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe("terminalText", () => {
  it("writes escape sequences, carriage returns and bidi overrides as visible \\uXXXX text", () => {
    expect(terminalText("a\u001b[31mred\u001b[0m")).toBe("a\\u001b[31mred\\u001b[0m");
    expect(terminalText("title\u001b]0;pwned\u0007")).toBe("title\\u001b]0;pwned\\u0007");
    expect(terminalText("over\rwrite")).toBe("over\\u000dwrite");
    expect(terminalText("\u202egnp.exe")).toBe("\\u202egnp.exe");
    expect(terminalText("\u009b2J")).toBe("\\u009b2J");
  });
  it("keeps newlines, tabs and printable text (Greek, box drawing, ∞) as they are", () => {
    expect(terminalText("λ = 0.5/s\tρ ≥ 1\n── ∞\n")).toBe("λ = 0.5/s\tρ ≥ 1\n── ∞\n");
  });
  it("law: no unsafe character survives, and text without one is unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const t = terminalText(s);
        expect(UNSAFE.test(t)).toBe(false);
        if (!UNSAFE.test(s)) expect(t).toBe(s);
      }),
    );
  });
});
