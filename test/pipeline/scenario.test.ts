import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { edgeWinsScenario, multiUserScenario, paperScenario } from "../../src/pipeline/presets.js";
import { parseScenario, scenarioFromJson, scenarioToJson, stripJsonComments } from "../../src/pipeline/scenario.js";
import { parseGraphScenario } from "../../src/pipeline/graph-scenario.js";

const examples = join(dirname(fileURLToPath(import.meta.url)), "../../examples/scenarios");

function numericParams(s: { params: object }): Record<string, number> {
  return Object.fromEntries(Object.entries(s.params).filter(([, v]) => typeof v === "number"));
}

describe("scenario files", () => {
  it("the commented example file states the paper preset exactly", () => {
    const s = parseScenario(readFileSync(join(examples, "paper.jsonc"), "utf8"));
    expect(s.linkSpec).toEqual(paperScenario.linkSpec);
    expect(numericParams(s)).toEqual(numericParams(paperScenario));
    expect([s.lambda, s.slotSeconds]).toEqual([paperScenario.lambda, paperScenario.slotSeconds]);
    expect(s.params.link!.effectiveRate).toBe(paperScenario.params.link!.effectiveRate);
  });

  it("edge-wins.json (extends + overrides) equals the edge-wins preset", () => {
    const s = parseScenario(readFileSync(join(examples, "edge-wins.json"), "utf8"));
    expect(s.linkSpec).toEqual(edgeWinsScenario.linkSpec);
    expect(numericParams(s)).toEqual(numericParams(edgeWinsScenario));
    // Overridden values say they came from the file; inherited ones keep the preset's source.
    expect(s.values.find((v) => v.name.startsWith("PL"))!.source).toBe("scenario file");
    expect(s.values.find((v) => v.name.startsWith("O_E"))!.source).toContain("Table 3");
  });

  it("multi-user.json (terminalResource) equals the multi-user preset; the field is inherited, overridden and written back", () => {
    const s = parseScenario(readFileSync(join(examples, "multi-user.json"), "utf8"));
    expect(s.params.terminalResource).toBe("dedicated");
    expect(numericParams(s)).toEqual(numericParams(multiUserScenario));
    expect(scenarioFromJson({ extends: "multi-user", name: "m" }).params.terminalResource).toBe("dedicated");
    expect("terminalResource" in scenarioFromJson({ extends: "multi-user", name: "m", terminalResource: "shared" }).params).toBe(false);
    expect("terminalResource" in paperScenario.params).toBe(false);
    expect(scenarioToJson(multiUserScenario).terminalResource).toBe("dedicated");
    expect("terminalResource" in scenarioToJson(paperScenario)).toBe(false);
    expect(scenarioFromJson(scenarioToJson(multiUserScenario)).params.terminalResource).toBe("dedicated");
  });
  it("terminalResource must be \"shared\" or \"dedicated\", named in the error", () => {
    expect(() => scenarioFromJson({ extends: "paper", terminalResource: "gpu" })).toThrow(/^scenarioFromJson: terminalResource must be "shared" or "dedicated", got "gpu"$/);
    expect(() => parseScenario('{ "extends": "paper", "terminalResource": 2 }')).toThrow(/^parseScenario: terminalResource must be "shared" or "dedicated", got 2$/);
    expect(() => scenarioToJson({ ...paperScenario, params: { ...paperScenario.params, terminalResource: "x" as never } })).toThrow(/^scenarioToJson: scenario\.params\.terminalResource must be "shared" or "dedicated", got "x"$/);
  });
  it("every example file parses", () => {
    const files = readdirSync(examples).filter((f) => /\.jsonc?$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    // Graph scenario files (a top-level "pipeline", docs/model.md §11) have their own parser.
    for (const f of files) {
      const text = readFileSync(join(examples, f), "utf8");
      const parse = /^\s*"pipeline"\s*:/m.test(text) ? parseGraphScenario : parseScenario;
      expect(parse(text).name.length).toBeGreaterThan(0);
    }
  });

  it("round trip: scenarioToJson then scenarioFromJson gives back the same numbers", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 60, max: 160, noNaN: true }),
        fc.double({ min: 1e12, max: 1e15, noNaN: true }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (pl, f, steps, xi) => {
          const json = {
            ...scenarioToJson(paperScenario),
            link: { ...paperScenario.linkSpec, pathLossDb: pl, controlOverhead: xi },
            params: { ...scenarioToJson(paperScenario).params, terminalFlops: f, priorSteps: steps },
          };
          const s = scenarioFromJson(JSON.parse(JSON.stringify(json)));
          expect(scenarioToJson(s)).toEqual(json);
          expect(s.params.link!.effectiveRate).toBeGreaterThan(0);
        },
      ),
      { numRuns: 50, seed: 6 },
    );
  });

  it("comments and trailing commas are stripped outside strings only", () => {
    const text = '{ /* c */ "name": "a // not a comment, }", // x\n "extends": "paper", }';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ name: "a // not a comment, }", extends: "paper" });
    expect(parseScenario(text).name).toBe("a // not a comment, }");
  });
});

describe("scenario validation names the field, the constraint and the value", () => {
  const cases: [string, unknown, RegExp, ErrorConstructor][] = [
    ["negative speed", { extends: "paper", params: { terminalFlops: -1 } }, /^scenarioFromJson: params\.terminalFlops must be a finite number > 0, got -1/, RangeError],
    ["fractional steps", { extends: "paper", params: { priorSteps: 2.5 } }, /^scenarioFromJson: params\.priorSteps must be a non-negative integer, got 2\.5/, RangeError],
    ["string number", { extends: "paper", link: { pathLossDb: "120" } }, /^scenarioFromJson: link\.pathLossDb must be a number, got "120"/, TypeError],
    ["overhead ≥ 1", { extends: "paper", link: { controlOverhead: 1 } }, /^scenarioFromJson: link\.controlOverhead must be in \[0, 1\), got 1/, RangeError],
    ["typo", { extends: "paper", params: { terminalFlop: 1e12 } }, /^scenarioFromJson: params\.terminalFlop is not a scenario field/, RangeError],
    ["unknown top-level key", { extends: "paper", lamda: 1 }, /^scenarioFromJson: lamda is not a scenario field/, RangeError],
    ["unknown preset", { extends: "papr" }, /^scenarioFromJson: extends must be one of "paper", "edge-wins", "multi-user", got "papr"/, RangeError],
    ["missing field", { name: "x", link: paperScenario.linkSpec }, /^scenarioFromJson: params\.edgeFlops must be present/, RangeError],
    ["negative λ", { extends: "paper", lambda: -0.5 }, /^scenarioFromJson: lambda must be a finite number ≥ 0, got -0\.5/, RangeError],
    ["zero slot", { extends: "paper", slotSeconds: 0 }, /^scenarioFromJson: slotSeconds must be a finite number > 0, got 0/, RangeError],
    ["not an object", [1, 2], /^scenarioFromJson: the scenario must be an object, got \[1, 2\]/, TypeError],
  ];
  for (const [label, input, message, type] of cases) {
    it(label, () => {
      expect(() => scenarioFromJson(input)).toThrow(type);
      expect(() => scenarioFromJson(input)).toThrow(message);
    });
  }
  it("malformed JSON is a SyntaxError prefixed with parseScenario:", () => {
    expect(() => parseScenario('{ "name": ')).toThrow(/^parseScenario: the file is not valid JSON/);
  });
  it("_-prefixed keys are comments at every level", () => {
    const s = scenarioFromJson({ _c: 1, extends: "paper", link: { _why: "x" }, params: { _note: [1] } });
    expect(s.name).toBe("paper");
  });
});

describe("scenario errors name the called function (robustness fuzz regressions)", () => {
  it("parseScenario names itself, also for field errors found by the shared reader", () => {
    expect(() => parseScenario('{ "extends": "paper", "lambda": -1 }')).toThrow(/^parseScenario: lambda must be a finite number ≥ 0, got -1$/);
  });
  it("a path loss whose linear SNR overflows is reported under the scenario's link fields", () => {
    expect(() => scenarioFromJson({ extends: "paper", link: { pathLossDb: -1e308 } })).toThrow(/^scenarioFromJson: link\.txPowerDbm − link\.pathLossDb − link\.noiseDbm must be a mean SNR in dB whose linear value is a finite number > 0, got 1e\+308$/);
  });
  it("stripJsonComments rejects a non-string with a TypeError naming text", () => {
    expect(() => stripJsonComments(null as never)).toThrow(/^stripJsonComments: text must be a string, got null$/);
  });
  it("scenarioToJson checks what it writes, so the JSON always reads back", () => {
    expect(scenarioFromJson(scenarioToJson(paperScenario)).params.edgeFlops).toBe(paperScenario.params.edgeFlops);
    expect(() => scenarioToJson(NaN as never)).toThrow(/^scenarioToJson: scenario must be an object, got NaN$/);
    expect(() => scenarioToJson({ ...paperScenario, lambda: NaN })).toThrow(/^scenarioToJson: scenario\.lambda must be a finite number ≥ 0, got NaN$/);
    expect(() => scenarioToJson({ ...paperScenario, params: { ...paperScenario.params, edgeFlops: NaN } })).toThrow(/^scenarioToJson: scenario\.params\.edgeFlops/);
  });
});

describe("hostile scenario texts (issue: OOM, stack overflow, BOM, prototype names)", () => {
  /** The definition, a character at a time (the former implementation): strings verbatim, comments out, trailing commas out. */
  function reference(text: string): string {
    let out = "";
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
        out += text.slice(i, j + 1);
        i = j + 1;
      } else if (c === "/" && text[i + 1] === "/") {
        while (i < text.length && text[i] !== "\n") i++;
      } else if (c === "/" && text[i + 1] === "*") {
        const end = text.indexOf("*/", i + 2);
        const stop = end < 0 ? text.length : end + 2;
        out += text.slice(i, stop).replace(/[^\n]/g, " ");
        i = stop;
      } else {
        out += c;
        i++;
      }
    }
    let res = "";
    for (let i = 0; i < out.length; i++) {
      const c = out[i];
      if (c === '"') {
        let j = i + 1;
        while (j < out.length && out[j] !== '"') j += out[j] === "\\" ? 2 : 1;
        res += out.slice(i, j + 1);
        i = j;
      } else if (c === ",") {
        let j = i + 1;
        while (j < out.length && /\s/.test(out[j])) j++;
        if (out[j] !== "}" && out[j] !== "]") res += c;
      } else res += c;
    }
    return res;
  }
  it("stripJsonComments (linear: native searches and slices) equals the character-at-a-time definition", () => {
    const alphabet = fc.constantFrom('"', "\\", "/", "*", ",", "}", "]", "\n", " ", "\t", "a", "1", "{", "[", "\u00a0", "\ufeff");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((cs) => cs.join("")), (text) => {
        expect(stripJsonComments(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
  it("texts over 1 MiB are refused before parsing (a 200 MB file exhausted the heap)", () => {
    const big = `{ "extends": "paper", "_pad": "${"x".repeat(2 ** 20)}" }`;
    expect(() => parseScenario(big)).toThrow(new RangeError(`parseScenario: text must be at most 1048576 characters (a scenario file is a few kilobytes; the size limit), got ${big.length}`));
  });
  it("a leading byte-order mark is accepted", () => {
    expect(parseScenario('\ufeff{ "extends": "paper", "lambda": 0.4 }').lambda).toBe(0.4);
  });
  it("extends naming an Object.prototype property is an unknown preset, not a raw TypeError", () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) {
      expect(() => scenarioFromJson({ extends: name })).toThrow(new RangeError(`scenarioFromJson: extends must be one of "paper", "edge-wins", "multi-user", got ${JSON.stringify(name)}`));
    }
  });
  it("a deeply nested array (100 000 levels) is reported, not a stack overflow in the error formatter", () => {
    const deep = `{ "extends": "paper", "params": ${"[".repeat(100_000)}${"]".repeat(100_000)} }`;
    expect(() => parseScenario(deep)).toThrow(new TypeError("parseScenario: params must be an object, got [[[[…]]]]"));
  });
});
