// Types for scripts/kernel-session.mjs (used by the TypeScript tests).
export interface KernelOutput {
  output_type: 'stream' | 'display_data' | 'update_display_data' | 'execute_result' | 'error';
  name?: 'stdout' | 'stderr';
  text?: string;
  data?: Record<string, unknown>;
  display_id?: string | null;
  ename?: string;
  evalue?: string;
}

export interface KernelResult {
  status: 'ok' | 'error' | 'abort' | 'aborted' | string;
  /** Request sent → kernel idle again. */
  seconds: number;
  outputs: KernelOutput[];
  error: { name: string; value: string } | null;
  /** Whether the execute reply and the "idle" status arrived (both do, unless a message was lost). */
  gotReply: boolean;
  gotIdle: boolean;
}

export declare class KernelSession {
  stderr: string;
  /** Seconds from starting the kernel to its first answer. */
  startup: number;
  static start(options?: { kernel?: string; cwd?: string; env?: NodeJS.ProcessEnv }): Promise<KernelSession>;
  run(code: string, timeout?: number): Promise<KernelResult>;
  close(): Promise<void>;
}

export declare function stdoutOf(outputs: KernelOutput[]): string;
export declare function svgOutputs(outputs: KernelOutput[]): string[];
