// Types for scripts/stress.mjs (used by the TypeScript tests).
export interface Variant { env: NodeJS.ProcessEnv; kernel: string }
export declare function variant(options?: { unpatched?: boolean; lock?: boolean; narrowPorts?: string | null }): Variant;
export interface PairedReport {
  runs: number;
  failed: number;
  causes: Record<string, number>;
  /** The first failure's message for each cause. */
  examples: Record<string, string>;
  restarts: number;
  seconds: number;
}
export declare function pairedRuns(options: Variant & {
  pairs: number; notebooks: string[]; timeout?: number; onPair?: (i: number, summaries: unknown[]) => void;
}): Promise<PairedReport>;
export interface KernelReport {
  executions: number;
  lostStdout: number;
  lostFigures: number;
  missingReplies: number;
  missingIdle: number;
  errors: number;
  burstLines: number | null;
  displaysShown: number | null;
  unansweredAfterBurst: number;
  stoppedEarly: string | null;
  seconds: number;
  /** The tail of what the kernel and its client printed, when something was lost. */
  kernelLog?: string;
}
export declare function longLivedKernel(options: Variant & {
  reruns: number; burst?: number; displays?: number; figures?: boolean; timeout?: number;
  onProgress?: (i: number, counts: KernelReport) => void;
}): Promise<KernelReport>;
export declare function lostMessages(counts: KernelReport, expected?: { burst?: number; displays?: number }): number;
