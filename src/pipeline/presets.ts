/**
 * Scenario presets. Each states every value it uses and where it comes from; values the
 * source does not give are marked as assumptions (docs/model.md §8).
 *
 * @module
 */

import { rayleighLink } from "../channel/index.js";
import { computeStage, constantRateLink, pipeline, transferStage } from "./stages.js";
import type { ParadigmParams } from "./paradigms.js";
import type { Pipeline } from "./types.js";
import { invalid, options, positive, requireNumber } from "../util/validate.js";

/** One documented value of a preset. */
export interface PresetValue {
  /** What the value is, e.g. "B (bandwidth)" or "prompt length". */
  readonly name: string;
  /** The number, in `unit`. */
  readonly value: number;
  /** Its unit, e.g. "Hz", "dBm", "FLOPs", "FLOP/s", "bit", "request/s", "s"; "" for a pure number. */
  readonly unit: string;
  /** "Table 3", "assumed", or a citation. */
  readonly source: string;
}

/** The downlink of a scenario, in the units of `rayleighLink`. */
export interface LinkSpec {
  /** Bandwidth B in Hz (> 0). */
  readonly bandwidthHz: number;
  /** Downlink transmit power P_dl in dBm. */
  readonly txPowerDbm: number;
  /** Noise power σ² in dBm. */
  readonly noiseDbm: number;
  /** Large-scale path loss PL in dB. */
  readonly pathLossDb: number;
  /** Control-overhead fraction ξ_ctrl ∈ [0, 1). */
  readonly controlOverhead: number;
}

/** A paradigm scenario: the paper's system with every number stated. */
export interface ParadigmScenario {
  /** Short identifier, e.g. "paper" or "edge-wins". */
  readonly name: string;
  /** One sentence saying what the scenario models. */
  readonly description: string;
  /** Downlink parameters (dB/dBm at the boundary, docs/model.md §2). */
  readonly linkSpec: LinkSpec;
  /** Parameters for `paradigms`, with the Rayleigh downlink built from `linkSpec`. */
  readonly params: ParadigmParams;
  /** Arrival rate λ (requests/s) for M/G/1 and SNC. */
  readonly lambda: number;
  /** Slot length Δ (s) for the slotted SNC model. */
  readonly slotSeconds: number;
  /** Every value with its source. */
  readonly values: readonly PresetValue[];
}

const TABLE3 = "paper Table 3";
const ASSUMED = "assumed (docs/model.md §8; not given by the paper)";

const paperLink: LinkSpec = Object.freeze({ bandwidthHz: 10e6, txPowerDbm: 31, noiseDbm: -100, pathLossDb: 120, controlOverhead: 0 });

/**
 * The paper's scenario (the source paper, §5 and Table 3) with the assumed values of docs/model.md §8,
 * under which (13) and (14) both hold: T_split ≈ 1.07 s, T_edge ≈ 1.12 s, T_term ≈ 2.39 s.
 *
 * From Table 3: P_dl = 31 dBm, B = 10 MHz, σ² = −100 dBm, O_D = 1.1170 TFLOPs,
 * O_dec = 3.5492 TFLOPs/step, O_E = 0.1940 TFLOPs, O_prior = 6.7598 TFLOPs/step,
 * J_img = 5.2429 Mbit, J_dl = 1.0486 Mbit. Assumed: f_ES = 150 TFLOP/s, f_UE = 60 TFLOP/s,
 * PL = 120 dB, L_prior = 20, L_dec = 2, λ = 0.5 request/s, Δ = 100 ms.
 *
 * @example
 * ```ts
 * paperScenario.params.link.effectiveRate; // ≈ 3.18e7 bit/s
 * ```
 */
export const paperScenario: ParadigmScenario = Object.freeze({
  name: "paper",
  description:
    "Text-to-image diffusion split between an edge server (encoder + prior U-Net) and a terminal (decoding U-Net + decoder), Rayleigh downlink (§5 of the source paper, Zhang et al.; docs/model.md).",
  linkSpec: paperLink,
  params: Object.freeze({
    edgeFlops: 150e12,
    terminalFlops: 60e12,
    encoderFlops: 0.194e12,
    decoderFlops: 1.117e12,
    priorStepFlops: 6.7598e12,
    decoderStepFlops: 3.5492e12,
    priorSteps: 20,
    decoderSteps: 2,
    imageBits: 5.2429e6,
    latentBits: 1.0486e6,
    link: rayleighLink(paperLink),
  }),
  lambda: 0.5,
  slotSeconds: 0.1,
  values: Object.freeze([
    { name: "P_dl (downlink transmit power)", value: 31, unit: "dBm", source: TABLE3 },
    { name: "B (bandwidth)", value: 10e6, unit: "Hz", source: TABLE3 },
    { name: "σ² (noise power)", value: -100, unit: "dBm", source: TABLE3 },
    { name: "O_D (decoder)", value: 1.117e12, unit: "FLOPs", source: TABLE3 },
    { name: "O_dec (decoding U-Net, per step)", value: 3.5492e12, unit: "FLOPs", source: TABLE3 },
    { name: "O_E (encoder)", value: 0.194e12, unit: "FLOPs", source: TABLE3 },
    { name: "O_prior (prior U-Net, per step)", value: 6.7598e12, unit: "FLOPs", source: TABLE3 },
    { name: "J_img (image)", value: 5.2429e6, unit: "bit", source: TABLE3 },
    { name: "J_dl (latent)", value: 1.0486e6, unit: "bit", source: TABLE3 },
    { name: "f_ES (edge server speed)", value: 150e12, unit: "FLOP/s", source: ASSUMED },
    { name: "f_UE (terminal speed)", value: 60e12, unit: "FLOP/s", source: ASSUMED },
    { name: "PL (path loss)", value: 120, unit: "dB", source: ASSUMED },
    { name: "L_prior (prior steps)", value: 20, unit: "steps", source: ASSUMED },
    { name: "L_dec (decoding steps)", value: 2, unit: "steps", source: ASSUMED },
    { name: "λ (arrival rate)", value: 0.5, unit: "request/s", source: ASSUMED },
    { name: "Δ (slot length)", value: 0.1, unit: "s", source: ASSUMED },
    { name: "ξ_ctrl (control overhead)", value: 0, unit: "", source: ASSUMED },
  ].map((v) => Object.freeze(v))),
});

/**
 * A variant of the paper scenario under which edge-only wins (docs/model.md §8: PL = 100 dB,
 * f_UE = 35 TFLOP/s) — the region map's other side.
 */
export const edgeWinsScenario: ParadigmScenario = Object.freeze({
  ...paperScenario,
  name: "edge-wins",
  description: "The paper scenario with a stronger downlink (PL = 100 dB) and a slower terminal (f_UE = 35 TFLOP/s): edge-only wins.",
  linkSpec: Object.freeze({ ...paperLink, pathLossDb: 100 }),
  params: Object.freeze({ ...paperScenario.params, terminalFlops: 35e12, link: rayleighLink({ ...paperLink, pathLossDb: 100 }) }),
  values: Object.freeze(
    paperScenario.values.map((v) =>
      v.name.startsWith("PL") ? Object.freeze({ ...v, value: 100 }) : v.name.startsWith("f_UE") ? Object.freeze({ ...v, value: 35e12 }) : v,
    ),
  ),
});

/**
 * Many users, each with its own terminal: the paper scenario's edge server and downlink
 * are shared by every request (FIFO), but a request's terminal stage runs on the device of
 * the user who sent it, so it never queues there (`terminalResource: "dedicated"`;
 * request-level models, docs/model.md §9.1). The mean latencies, (13), (14) and the
 * paper's fluid model are those of the paper scenario: only queueing at the terminal
 * differs.
 *
 * Assumed: 50 users, each sending 0.01 request/s (λ = 0.5 request/s in total, as the paper
 * scenario); a user's requests are rare enough next to a response time of a few seconds
 * that its own terminal is almost never still busy with the previous one, which the model
 * takes as never. Every other value is the paper scenario's.
 *
 * @example
 * ```ts
 * paradigms(multiUserScenario.params).collaborative.stages[2].resource; // { kind: "dedicated" }
 * ```
 */
export const multiUserScenario: ParadigmScenario = Object.freeze({
  ...paperScenario,
  name: "multi-user",
  description:
    "The paper scenario served to 50 users, each with its own terminal: edge server and downlink shared (FIFO), terminal compute dedicated (no queue).",
  params: Object.freeze({ ...paperScenario.params, terminalResource: "dedicated" as const }),
  values: Object.freeze([
    ...paperScenario.values.map((v) =>
      v.name.startsWith("λ") ? Object.freeze({ ...v, source: "50 users × 0.01 request/s (assumed)" }) : v,
    ),
    ...[
      { name: "users", value: 50, unit: "users", source: ASSUMED },
      { name: "request rate per user", value: 0.01, unit: "request/s", source: ASSUMED },
      { name: "terminals (one per user: dedicated, no queue)", value: 50, unit: "terminals", source: ASSUMED },
    ].map((v) => Object.freeze(v)),
  ]),
});

/** A general pipeline preset with its provenance. */
export interface PipelinePreset {
  /** Short identifier of the preset. */
  readonly name: string;
  /** One sentence saying what the pipeline models. */
  readonly description: string;
  /** The pipeline itself. */
  readonly pipeline: Pipeline;
  /** Every value the pipeline uses, with its unit and source. */
  readonly values: readonly PresetValue[];
}

/**
 * Cloud LLM + edge SLM split in the spirit of CE-LSLM (Zhu & Yang 2025): the cloud runs the prompt prefill
 * of a 7-billion-parameter model, sends a compressed KV-cache/semantic state for the prompt
 * to the edge, where a 1.1-billion-parameter model decodes the answer and sends the text
 * down a Rayleigh link.
 *
 * Counting (standard transformer arithmetic, Kaplan et al. 2020): ≈ 2 × parameters FLOPs
 * per token; KV bytes per token = 2 (K and V) × layers × KV heads × head dimension × bytes.
 * Model shapes: Llama-2-7B (6.74e9 parameters; Touvron et al. 2023) for the cloud and
 * TinyLlama-1.1B (22 layers, 4 KV heads of dimension 64; Zhang et al. 2024) for the edge,
 * fp16 state. Assumed: 512-token prompt, 128 output tokens, cloud 300 TFLOP/s effective,
 * edge 20 TFLOP/s effective (decoding is memory-bound in practice: an effective FLOP rate
 * folds that in), a 1 Gbit/s backhaul, 16 bits per output token, the paper's downlink.
 *
 * @example
 * ```ts
 * cloudEdgeLlmPreset.pipeline.stages.length; // 4
 * ```
 */
export const cloudEdgeLlmPreset: PipelinePreset = (() => {
  const promptTokens = 512;
  const outputTokens = 128;
  const cloudParams = 6.74e9;
  const edgeParams = 1.1e9;
  const kvBytesPerToken = 2 * 22 * 4 * 64 * 2;
  const values: PresetValue[] = [
    { name: "cloud model parameters (Llama-2-7B)", value: cloudParams, unit: "parameters", source: "Touvron et al. 2023" },
    { name: "edge model parameters (TinyLlama-1.1B)", value: edgeParams, unit: "parameters", source: "Zhang et al. 2024" },
    { name: "KV state per prompt token (TinyLlama, fp16)", value: kvBytesPerToken, unit: "bytes", source: "2 × 22 layers × 4 KV heads × 64 × 2 bytes" },
    { name: "prompt length", value: promptTokens, unit: "tokens", source: ASSUMED },
    { name: "output length", value: outputTokens, unit: "tokens", source: ASSUMED },
    { name: "cloud effective speed", value: 300e12, unit: "FLOP/s", source: ASSUMED },
    { name: "edge effective speed", value: 20e12, unit: "FLOP/s", source: ASSUMED },
    { name: "backhaul rate", value: 1e9, unit: "bit/s", source: ASSUMED },
    { name: "bits per output token", value: 16, unit: "bit", source: ASSUMED },
  ];
  return Object.freeze({
    name: "cloud-edge-llm",
    description: "Cloud prefill (7B) → KV state over backhaul → edge decoding (1.1B) → text over the Rayleigh downlink (after CE-LSLM, Zhu & Yang 2025).",
    pipeline: pipeline("cloud-edge LLM", [
      computeStage({ name: "cloud prefill", node: "cloud", flops: 2 * cloudParams * promptTokens, flopsPerSecond: 300e12 }),
      transferStage({ name: "KV-state backhaul", linkName: "backhaul", bits: 8 * kvBytesPerToken * promptTokens, link: constantRateLink(1e9) }),
      computeStage({ name: "edge decoding", node: "edge", flops: 2 * edgeParams * outputTokens, flopsPerSecond: 20e12 }),
      transferStage({ name: "downlink", linkName: "downlink", bits: 16 * outputTokens, link: rayleighLink(paperLink) }),
    ]),
    values: Object.freeze(values.map((v) => Object.freeze(v))),
  });
})();

/**
 * ResNet-18 multiply–accumulates and output activation sizes per stage (224×224 input),
 * as counted by common profilers for torchvision's model (He et al. 2016: 1.8 GMACs).
 * FLOPs = 2 × MACs.
 */
const RESNET18 = Object.freeze([
  { layer: "conv1+pool", macs: 118.0e6, outputElements: 64 * 56 * 56 },
  { layer: "layer1", macs: 462.4e6, outputElements: 64 * 56 * 56 },
  { layer: "layer2", macs: 411.0e6, outputElements: 128 * 28 * 28 },
  { layer: "layer3", macs: 411.0e6, outputElements: 256 * 14 * 14 },
  { layer: "layer4", macs: 411.0e6, outputElements: 512 * 7 * 7 },
  { layer: "avgpool+fc", macs: 0.5e6, outputElements: 1000 },
]);

/**
 * A CNN split at a chosen layer (device-side head, edge-side tail): ResNet-18 with the
 * terminal running stages `[0, splitAfter)` and uploading the 8-bit activation, the edge
 * running the rest and returning the 1000-class result (32 bits).
 *
 * @param splitAfter - number of ResNet-18 stages on the terminal, 0…6 (0 = upload the
 *   224×224×3 8-bit image, 6 = terminal-only except the result upload)
 * @param opts - node speeds (FLOP/s) and the uplink rate (bit/s); defaults: terminal
 *   1 TFLOP/s, edge 50 TFLOP/s, uplink 20 Mbit/s (assumed)
 * @throws RangeError for splitAfter outside 0…6 or a speed/rate option that is not a finite number > 0; TypeError for a non-number splitAfter or a non-object opts
 * @example
 * ```ts
 * cnnSplitPreset(2).pipeline.stages.map((s) => s.name);
 * // ["terminal head", "uplink", "edge tail"]
 * ```
 */
export function cnnSplitPreset(
  splitAfter: number,
  opts: { terminalFlopsPerSecond?: number; edgeFlopsPerSecond?: number; uplinkBitsPerSecond?: number } = {},
): PipelinePreset {
  const fn = "cnnSplitPreset";
  requireNumber(fn, "splitAfter", splitAfter);
  if (!(Number.isInteger(splitAfter) && splitAfter >= 0 && splitAfter <= RESNET18.length)) {
    invalid(fn, "splitAfter", `an integer in [0, ${RESNET18.length}]`, splitAfter);
  }
  // Checked here so a bad speed is reported as cnnSplitPreset's option, not by computeStage.
  const o = options<typeof opts>(fn, "opts", opts);
  const terminalFlopsPerSecond = o.terminalFlopsPerSecond === undefined ? 1e12 : positive(fn, "opts.terminalFlopsPerSecond", o.terminalFlopsPerSecond);
  const edgeFlopsPerSecond = o.edgeFlopsPerSecond === undefined ? 50e12 : positive(fn, "opts.edgeFlopsPerSecond", o.edgeFlopsPerSecond);
  const uplinkBitsPerSecond = o.uplinkBitsPerSecond === undefined ? 20e6 : positive(fn, "opts.uplinkBitsPerSecond", o.uplinkBitsPerSecond);
  const head = RESNET18.slice(0, splitAfter).reduce((a, l) => a + 2 * l.macs, 0);
  const tail = RESNET18.slice(splitAfter).reduce((a, l) => a + 2 * l.macs, 0);
  const bits = splitAfter === 0 ? 224 * 224 * 3 * 8 : RESNET18[splitAfter - 1].outputElements * 8;
  const uplink = constantRateLink(uplinkBitsPerSecond);
  return Object.freeze({
    name: `resnet18-split-${splitAfter}`,
    description: `ResNet-18 split after ${splitAfter} of ${RESNET18.length} stages: terminal head, 8-bit activation upload, edge tail.`,
    pipeline: pipeline(`ResNet-18 split ${splitAfter}`, [
      computeStage({ name: "terminal head", node: "terminal", flops: head, flopsPerSecond: terminalFlopsPerSecond }),
      transferStage({ name: "uplink", linkName: "uplink", bits, link: uplink }),
      computeStage({ name: "edge tail", node: "edge", flops: tail, flopsPerSecond: edgeFlopsPerSecond }),
    ]),
    values: Object.freeze(
      [
        ...RESNET18.map((l) => ({ name: `${l.layer} MACs`, value: l.macs, unit: "MAC", source: "He et al. 2016; torchvision ResNet-18 profile" })),
        { name: "terminal speed", value: terminalFlopsPerSecond, unit: "FLOP/s", source: ASSUMED },
        { name: "edge speed", value: edgeFlopsPerSecond, unit: "FLOP/s", source: ASSUMED },
        { name: "uplink rate", value: uplinkBitsPerSecond, unit: "bit/s", source: ASSUMED },
      ].map((v) => Object.freeze(v)),
    ),
  });
}
