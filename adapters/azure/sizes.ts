// Azure APIs name no GPU model anywhere: the VM size name is the only key (gpu-catalog.md §4).
// A size maps to its series ("ND H100 v5"), which the alias table maps to a canonical GPU, and to
// a GPU count: the `GPUs` capability where Azure gives it, else the series' fixed count.

export type SizeFacts =
  | { kind: 'gpu'; series: string; gpus?: number }
  /** GPU partitions (A10 v4/v5 small sizes, MI25, V620, V710): no whole-GPU count to offer. */
  | { kind: 'fractional' }
  /** FPGA sizes report `GPUs` too. */
  | { kind: 'not-gpu' };

type Rule = [pattern: RegExp, facts: (m: RegExpExecArray) => SizeFacts];
const gpu = (series: string, gpus?: number) => (): SizeFacts => ({ kind: 'gpu', series, gpus });

const RULES: Rule[] = [
  [/^ND\d+isr_H200_v5$/, gpu('ND H200 v5', 8)],
  [/^ND\d+isr_H100_v5$/, gpu('ND H100 v5', 8)],
  [/^ND\d+isr?_MI300X_v5$/, gpu('ND MI300X v5', 8)],
  [/^ND\d+amsr_A100_v4$/, gpu('NDm A100 v4', 8)],
  [/^ND\d+asr_v4$/, gpu('ND A100 v4', 8)],
  [/^ND\d+isr(_NDR)?_GB200_v6$/, gpu('ND GB200 v6', 4)],
  [/^ND\d+isr_GB300_v6$/, gpu('ND GB300 v6', 4)],
  [/^NC(\d+)ads_A100_v4$/, (m) => ({ kind: 'gpu', series: 'NC A100 v4', gpus: Number(m[1]) / 24 })],
  [/^NCC\d+adi?s_H100_v5$/, gpu('NCC H100 v5')],
  [/^NC(\d+)adi?s_H100_v5$/, (m) => ({ kind: 'gpu', series: 'NC H100 v5', gpus: Number(m[1]) / 40 })],
  [/^NC\d+l?ds_xl_RTXPRO6000BSE_v6$/, gpu('NC RTXPRO6000BSE v6')],
  [/^NC\d+as_T4_v3$/, gpu('NCas T4 v3')],
  [/^NC\d+r?s_v3$/, gpu('NCv3')],
  [/^ND\d+rs_v2$/, gpu('ND v2', 8)],
  [/^NC\d+ads_A10_v4$/, () => ({ kind: 'fractional' })],
  // NV36 and up hold whole A10s (1, 1, 2 GPUs); smaller sizes are 1/6 to 1/2 of one.
  [/^NV(\d+)adm?s_A10_v5$/, (m) => (Number(m[1]) >= 36 ? { kind: 'gpu', series: 'NVads A10 v5' } : { kind: 'fractional' })],
  [/^NV\d+s_v3$/, gpu('NV v3')],
  [/^NV\d+as_v4$/, () => ({ kind: 'fractional' })],
  [/^NG\d+adm?s_V620_v1$/, () => ({ kind: 'fractional' })],
  [/^NV\d+adm?s_V710_v5$/, () => ({ kind: 'fractional' })],
  [/^NP\d+s$/, () => ({ kind: 'not-gpu' })],
];

/** Facts for an ARM size name (`Standard_ND96isr_H100_v5`), or undefined for a size we do not know. */
export function sizeFacts(name: string): SizeFacts | undefined {
  const size = name.replace(/^Standard_/, '');
  for (const [pattern, facts] of RULES) {
    const m = pattern.exec(size);
    if (m) return facts(m);
  }
  return undefined;
}

/** Sizes that may carry GPUs even when Resource SKUs omits the capability (N-series). */
export const looksLikeGpuSize = (name: string) => /^Standard_N[CDGV]/.test(name);
