/**
 * The text helpers behind the figures' titles and legends (properties): wrapping keeps every
 * character in order and every line within the width (a single glyph wider than the line
 * excepted), plotlyText escapes exactly the three characters Plotly reads as markup, and the
 * legend lists the traces Plotly shows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { legendNames, plotlyText, textWidth, wrapLines } from "../../src/plot/style.js";

describe("wrapLines / textWidth", () => {
  it("keeps the words in order, each line within maxPx unless it is one glyph", () => {
    const word = fc.string({ minLength: 1, maxLength: 12 }).filter((w) => !w.includes(" "));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 20 }), fc.integer({ min: 20, max: 600 }), fc.integer({ min: 8, max: 20 }), (words, maxPx, fontPx) => {
        const lines = wrapLines(words.join(" "), maxPx, fontPx);
        expect(lines.join("").replace(/ /g, "")).toBe(words.join(""));
        for (const l of lines) expect(textWidth(l, fontPx) <= maxPx || [...l].length === 1, `${JSON.stringify(l)} at ${maxPx}px`).toBe(true);
      }),
    );
  });

  it("width is additive and proportional to the font size", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 40 }), (a, b, px) => {
        expect(textWidth(a + b, px)).toBeCloseTo(textWidth(a, px) + textWidth(b, px), 9);
        expect(textWidth(a, 2 * px)).toBeCloseTo(2 * textWidth(a, px), 9);
      }),
    );
  });
});

describe("plotlyText", () => {
  it("escapes &, < and > and nothing else; unescaping gives the text back", () => {
    expect(plotlyText("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = plotlyText(s);
        expect(/[<>]/.test(e)).toBe(false);
        expect(e.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")).toBe(s);
      }),
    );
  });
});

describe("legendNames", () => {
  it("lists scatter and bar traces unless hidden, other types only when shown", () => {
    const data = [
      { type: "scatter", name: "a" },
      { type: "bar", name: "b", showlegend: false },
      { type: "heatmap", name: "c" },
      { type: "heatmap", name: "d", showlegend: true },
      { type: "scatter" },
    ];
    expect(legendNames(data)).toEqual(["a", "d", ""]);
  });
});
