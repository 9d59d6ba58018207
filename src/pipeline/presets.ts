/**
 * Scenario presets. Each states every value it uses and where it comes from; values the
 * source does not give are marked as assumptions (docs/model.md §8).
 *
 * @module
 */

import { rayleighLink } from "../channel/index.js";
import { batchStage, type GraphPipeline, parallelStage } from "./graph.js";
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

/** A graph-pipeline preset: one design of a system, with its provenance and a delay target. */
export interface GraphPreset {
  /** Short identifier, e.g. "llm-collaborative". */
  readonly name: string;
  /** One sentence saying what the design does. */
  readonly description: string;
  /** The pipeline (fork–join and batching steps allowed, docs/model.md §11). */
  readonly pipeline: GraphPipeline;
  /** The arrival rate at which the design is reported (requests/s, assumed). */
  readonly lambda: number;
  /** The delay target d of the report (seconds, assumed). */
  readonly deadline: number;
  /** Every value the pipeline uses, with its unit and source. */
  readonly values: readonly PresetValue[];
}

/** The values behind the LLM designs (model cards and papers by title; the rest assumed). */
const LLM = Object.freeze({
  promptTokens: 512,
  outputTokens: 128,
  cloudParams: 6.74e9,
  edgeParams: 1.1e9,
  /** TinyLlama KV bytes per token: 2 (K, V) × 22 layers × 4 KV heads × 64 dims × 2 bytes. */
  edgeKvBytesPerToken: 2 * 22 * 4 * 64 * 2,
  cloudPeakFlops: 312e12,
  cloudMemoryBandwidth: 2.039e12,
  cloudUtilisation: 0.5,
  edgeFlops: 20e12,
  edgeMemoryBandwidth: 204.8e9,
  backhaulBitsPerSecond: 1e9,
  bitsPerOutputToken: 16,
  maxBatch: 8,
});

const LLM_VALUES: readonly PresetValue[] = Object.freeze(
  [
    { name: "cloud model parameters (Llama-2-7B)", value: LLM.cloudParams, unit: "parameters", source: "Touvron et al. 2023, Llama 2: Open Foundation and Fine-Tuned Chat Models" },
    { name: "edge model parameters (TinyLlama-1.1B)", value: LLM.edgeParams, unit: "parameters", source: "Zhang et al. 2024, TinyLlama: An Open-Source Small Language Model" },
    { name: "KV state per prompt token (TinyLlama: 22 layers, 4 KV heads × 64, fp16)", value: LLM.edgeKvBytesPerToken, unit: "bytes", source: "TinyLlama model card (config: 22 layers, 4 key-value heads, head dimension 64); 2 × 22 × 4 × 64 × 2 bytes" },
    { name: "FLOPs per token", value: 2, unit: "× parameters", source: "Kaplan et al. 2020, Scaling Laws for Neural Language Models" },
    { name: "cloud GPU peak (A100 SXM, FP16 tensor, dense)", value: LLM.cloudPeakFlops, unit: "FLOP/s", source: "NVIDIA A100 Tensor Core GPU datasheet" },
    { name: "cloud GPU memory bandwidth (A100 80 GB SXM)", value: LLM.cloudMemoryBandwidth, unit: "byte/s", source: "NVIDIA A100 Tensor Core GPU datasheet" },
    { name: "cloud utilisation of the peak in prefill", value: LLM.cloudUtilisation, unit: "", source: ASSUMED },
    { name: "edge memory bandwidth (Jetson AGX Orin 64 GB)", value: LLM.edgeMemoryBandwidth, unit: "byte/s", source: "NVIDIA Jetson AGX Orin series datasheet" },
    { name: "edge effective prefill speed", value: LLM.edgeFlops, unit: "FLOP/s", source: ASSUMED },
    { name: "decoding one token reads every fp16 weight once (memory-bound)", value: 2, unit: "bytes/parameter", source: ASSUMED },
    { name: "prompt length", value: LLM.promptTokens, unit: "tokens", source: ASSUMED },
    { name: "output length", value: LLM.outputTokens, unit: "tokens", source: ASSUMED },
    { name: "largest cloud batch", value: LLM.maxBatch, unit: "requests", source: ASSUMED },
    { name: "backhaul rate", value: LLM.backhaulBitsPerSecond, unit: "bit/s", source: ASSUMED },
    { name: "bits per output token (text)", value: LLM.bitsPerOutputToken, unit: "bit", source: ASSUMED },
    { name: "requests reaching the cloud (all users)", value: 4, unit: "request/s", source: ASSUMED },
    { name: "delay target", value: 3, unit: "s", source: ASSUMED },
    { name: "edge servers: one per user group, serving its requests without a queue (dedicated)", value: 1, unit: "", source: ASSUMED },
    { name: "text downlink at the paper scenario's ergodic rate E[R] (PL 120 dB), constant", value: rayleighLink(paperLink).effectiveRate, unit: "bit/s", source: ASSUMED },
  ].map((v) => Object.freeze(v)),
);

/** Seconds of the cloud's batched prefill of n prompts (compute-bound: n × 2N × prompt / (utilisation × peak)). */
const cloudPrefill = (n: number) => (n * 2 * LLM.cloudParams * LLM.promptTokens) / (LLM.cloudUtilisation * LLM.cloudPeakFlops);
/** Seconds per decoded token for a batch of n on the cloud: max(weights read once, n × 2N / peak). */
const cloudTokenSeconds = (n: number) => Math.max((2 * LLM.cloudParams) / LLM.cloudMemoryBandwidth, (n * 2 * LLM.cloudParams) / LLM.cloudPeakFlops);
const edgeDecodeSeconds = (LLM.outputTokens * 2 * LLM.edgeParams) / LLM.edgeMemoryBandwidth;

// The text (2048 bits) takes a fraction of one coherence interval: sent at the paper link's
// ergodic rate E[R] as a constant-rate link (the request-level bound of a lone Rayleigh
// transfer this short fails inside the Rayleigh transfer law's MGF; reported, not hidden).
const downlink = () => transferStage({ name: "text downlink", linkName: "downlink", bits: LLM.bitsPerOutputToken * LLM.outputTokens, link: constantRateLink(rayleighLink(paperLink).effectiveRate) });

/**
 * Cloud LLM + edge SLM with KV-state transfer overlapping edge decoding (after CE-LSLM,
 * Zhu & Yang 2025): the cloud prefills the prompt with a 7B model on a batching server
 * (up to 8 prompts together), then the compressed KV state for the prompt travels over the
 * backhaul *while* the edge's 1.1B model decodes — the request waits for the later of the
 * two (a `parallelStage`) — and the text goes down the paper's downlink at its ergodic rate. Model shapes
 * from the Llama 2 and TinyLlama papers and model cards, GPU figures from NVIDIA's
 * datasheets, ≈ 2 × parameters FLOPs per token (Kaplan et al. 2020); the rest assumed
 * (`values`): in particular every edge stage is `dedicated` (each user's edge node serves its
 * own requests, no edge queue), while the cloud's batching server and the backhaul are
 * shared by all users' requests (λ = 4 request/s). See also {@link llmCloudPreset} and
 * {@link llmEdgePreset}.
 *
 * @example
 * ```ts
 * cloudEdgeLlmPreset.pipeline.stages.map((s) => s.kind); // ["batch", "parallel", "transfer"]
 * ```
 */
export const cloudEdgeLlmPreset: GraphPreset = Object.freeze({
  name: "llm-collaborative",
  description: "Cloud prefill (7B, batched) → KV state over the backhaul ∥ edge decoding (1.1B) → text over the downlink (after CE-LSLM, Zhu & Yang 2025).",
  pipeline: pipeline("cloud-LLM/edge-SLM", [
    batchStage({ name: "cloud prefill (7B)", node: "cloud", maxBatch: LLM.maxBatch, time: cloudPrefill }),
    parallelStage({
      name: "KV state ∥ edge decoding",
      branches: [
        [transferStage({ name: "KV-state backhaul", linkName: "backhaul", bits: 8 * LLM.edgeKvBytesPerToken * LLM.promptTokens, link: constantRateLink(LLM.backhaulBitsPerSecond) })],
        [computeStage({ name: "edge decoding (1.1B)", node: "edge", flops: 2 * LLM.edgeParams * LLM.outputTokens, flopsPerSecond: (2 * LLM.edgeParams * LLM.outputTokens) / edgeDecodeSeconds, resource: "dedicated" })],
      ],
    }),
    downlink(),
  ]),
  lambda: 4,
  deadline: 3,
  values: LLM_VALUES,
});

/**
 * The centralized-cloud alternative to {@link cloudEdgeLlmPreset}: the 7B model prefills and
 * decodes in the cloud on one batching server (decoding memory-bound: each token reads the
 * weights once for the whole batch), the text crosses the backhaul and the downlink.
 *
 * @example
 * ```ts
 * llmCloudPreset.pipeline.stages.length; // 3
 * ```
 */
export const llmCloudPreset: GraphPreset = Object.freeze({
  name: "llm-cloud",
  description: "Centralized cloud: the 7B model prefills and decodes a batch of up to 8 requests, text over the backhaul and the downlink.",
  pipeline: pipeline("centralized cloud", [
    batchStage({ name: "cloud prefill + decoding (7B)", node: "cloud", maxBatch: LLM.maxBatch, time: (n) => cloudPrefill(n) + LLM.outputTokens * cloudTokenSeconds(n) }),
    transferStage({ name: "text backhaul", linkName: "backhaul", bits: LLM.bitsPerOutputToken * LLM.outputTokens, link: constantRateLink(LLM.backhaulBitsPerSecond) }),
    downlink(),
  ]),
  lambda: 4,
  deadline: 3,
  values: LLM_VALUES,
});

/**
 * The edge-only alternative to {@link cloudEdgeLlmPreset}: the 1.1B model prefills and
 * decodes at the edge (dedicated: each user group its own edge node), and the text goes down the downlink.
 *
 * @example
 * ```ts
 * llmEdgePreset.pipeline.stages.length; // 3
 * ```
 */
export const llmEdgePreset: GraphPreset = Object.freeze({
  name: "llm-edge",
  description: "Edge only: the 1.1B model prefills and decodes at the edge, text over the downlink.",
  pipeline: pipeline("edge only", [
    computeStage({ name: "edge prefill (1.1B)", node: "edge", flops: 2 * LLM.edgeParams * LLM.promptTokens, flopsPerSecond: LLM.edgeFlops, resource: "dedicated" }),
    computeStage({ name: "edge decoding (1.1B)", node: "edge", flops: 2 * LLM.edgeParams * LLM.outputTokens, flopsPerSecond: (2 * LLM.edgeParams * LLM.outputTokens) / edgeDecodeSeconds, resource: "dedicated" }),
    downlink(),
  ]),
  lambda: 4,
  deadline: 3,
  values: LLM_VALUES,
});

/**
 * Microservice-assisted inference across three edge devices (after Wang et al. 2025, Edge
 * large AI models: revolutionizing 6G networks): device A receives a multimodal request and
 * sends the image to device B (CLIP ViT-L/14 vision encoder, ≈ 304M parameters) and the text
 * to device C (CLIP text encoder, ≈ 123M parameters; Radford et al. 2021, Learning
 * Transferable Visual Models From Natural Language Supervision), in parallel; both
 * embeddings return to A, whose 1.1B language model (TinyLlama) decodes the answer. Links
 * between devices: 1 Gbit/s Ethernet (assumed). Device speeds assumed.
 *
 * @example
 * ```ts
 * microservicePreset.pipeline.stages.map((s) => s.kind); // ["compute", "parallel", "compute"]
 * ```
 */
export const microservicePreset: GraphPreset = (() => {
  const lan = constantRateLink(1e9);
  const imageTokens = 257;
  const textTokens = 77;
  const embeddingBits = 768 * 16;
  const values: PresetValue[] = [
    { name: "vision encoder parameters (CLIP ViT-L/14)", value: 304e6, unit: "parameters", source: "Radford et al. 2021, Learning Transferable Visual Models From Natural Language Supervision" },
    { name: "text encoder parameters (CLIP)", value: 123e6, unit: "parameters", source: "Radford et al. 2021, Learning Transferable Visual Models From Natural Language Supervision" },
    { name: "image tokens (224 px, 14 px patches + class)", value: imageTokens, unit: "tokens", source: "Radford et al. 2021 (ViT-L/14 at 224 px)" },
    { name: "text tokens (context length)", value: textTokens, unit: "tokens", source: "Radford et al. 2021" },
    { name: "language model parameters (TinyLlama-1.1B)", value: LLM.edgeParams, unit: "parameters", source: "Zhang et al. 2024, TinyLlama: An Open-Source Small Language Model" },
    { name: "FLOPs per token", value: 2, unit: "× parameters", source: "Kaplan et al. 2020, Scaling Laws for Neural Language Models" },
    { name: "image size (224 × 224 × 3, 8 bit)", value: 224 * 224 * 3 * 8, unit: "bit", source: ASSUMED },
    { name: "embedding (768 values, fp16)", value: embeddingBits, unit: "bit", source: ASSUMED },
    { name: "device speeds A, B, C", value: 10e12, unit: "FLOP/s", source: ASSUMED },
    { name: "inter-device links", value: 1e9, unit: "bit/s", source: ASSUMED },
    { name: "answer length", value: 64, unit: "tokens", source: ASSUMED },
  ];
  return Object.freeze({
    name: "microservice",
    description: "Three edge devices: A splits a multimodal request, B encodes the image ∥ C encodes the text, A's 1.1B model answers (after Wang et al. 2025).",
    pipeline: pipeline("microservice DAG", [
      computeStage({ name: "A: ingest + tokenise", node: "A", flops: 2e9, flopsPerSecond: 10e12 }),
      parallelStage({
        name: "vision ∥ text encoders",
        branches: [
          [
            transferStage({ name: "A→B image", linkName: "A-B", bits: 224 * 224 * 3 * 8, link: lan }),
            computeStage({ name: "B: vision encoder", node: "B", flops: 2 * 304e6 * imageTokens, flopsPerSecond: 10e12 }),
            transferStage({ name: "B→A embedding", linkName: "B-A", bits: embeddingBits * imageTokens, link: lan }),
          ],
          [
            transferStage({ name: "A→C text", linkName: "A-C", bits: textTokens * 32, link: lan }),
            computeStage({ name: "C: text encoder", node: "C", flops: 2 * 123e6 * textTokens, flopsPerSecond: 10e12 }),
            transferStage({ name: "C→A embedding", linkName: "C-A", bits: embeddingBits, link: lan }),
          ],
        ],
      }),
      computeStage({ name: "A: language model (1.1B)", node: "A", flops: 2 * LLM.edgeParams * (imageTokens + textTokens + 64), flopsPerSecond: 10e12 }),
    ]),
    lambda: 5,
    deadline: 1,
    values: Object.freeze(values.map((v) => Object.freeze(v))),
  });
})();

/** The graph presets by name, for `edgecalc report --scenario <name>`. */
export const graphPresets: Readonly<Record<string, GraphPreset>> = Object.freeze({
  "llm-collaborative": cloudEdgeLlmPreset,
  "llm-cloud": llmCloudPreset,
  "llm-edge": llmEdgePreset,
  microservice: microservicePreset,
});

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
