// Small DOM helpers shared by the notebooks. They avoid the notebook standard library's
// `html`/`Inputs`, which load from a CDN: these notebooks must run offline.
import Plotly from "../node_modules/plotly.js-dist-min/plotly.min.js";

/** A table element from a header and rows of strings/numbers. */
export function table(header, rows) {
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  for (const h of header) head.appendChild(Object.assign(document.createElement("th"), { textContent: h }));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) tr.insertCell().textContent = typeof c === "number" ? (Number.isFinite(c) ? c.toPrecision(4) : String(c)) : c;
  }
  return t;
}

/** A paragraph with plain text. */
export function paragraph(text, id) {
  const p = Object.assign(document.createElement("p"), { textContent: text });
  if (id) p.id = id;
  return p;
}

/** An edgecalc figure drawn by Plotly (width capped to the notebook column). */
export async function draw(fig) {
  const div = document.createElement("div");
  await Plotly.newPlot(div, fig.data, { ...fig.layout, width: Math.min(fig.layout.width ?? 900, 1000) }, { displaylogo: false });
  return div;
}

/** A labelled range slider; `onInput(value)` runs on every change. */
export function slider(label, { min, max, step, value }, onInput) {
  const wrap = document.createElement("label");
  wrap.textContent = `${label} `;
  const input = Object.assign(document.createElement("input"), { type: "range", min, max, step, value });
  const out = Object.assign(document.createElement("output"), { textContent: String(value) });
  input.addEventListener("input", () => {
    out.textContent = input.value;
    onInput(Number(input.value));
  });
  wrap.append(input, " ", out);
  return wrap;
}
