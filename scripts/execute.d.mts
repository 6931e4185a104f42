// Types for scripts/execute.mjs (used by the TypeScript tests).
export interface CellReport {
  index: number;
  id: string | null;
  /** Seconds from the execute request to the reply. */
  duration: number;
  status: 'ok' | 'error';
  error: { name: string; value: string } | null;
  /** The cell is tagged raises-exception: its error is wanted and not counted. */
  expectedError: boolean;
  /** Display outputs holding an inline <svg>. */
  figures: number;
  stderr: string;
}
export interface ExecutionSummary {
  /** Paths relative to the project root. */
  notebook: string;
  executed: string;
  kernel: string;
  ok: boolean;
  fatal: string | null;
  /** Seconds for the whole run, kernel start included. */
  total: number;
  codeCells: number;
  executedCells: number;
  figures: number;
  expectedFigures: number | null;
  errors: { index: number; id: string | null; name: string; value: string }[];
  cells: CellReport[];
  /** Absolute paths of the executed copy and of the summary JSON. */
  executedPath: string;
  summaryPath: string;
  /** What the executor printed (warnings, tracebacks of the executor itself). */
  log: string;
  /** Hash of everything the run depended on (notebook, lib/, executor, versions, options). */
  fingerprint: string;
  /** Set when an earlier identical run was reused instead of executing: the folder it came from. */
  reusedFrom: string | null;
}
export interface ExecuteOptions {
  outDir?: string;
  /** Seconds per cell (120). */
  timeout?: number;
  /** Seconds for the kernel to answer after its start (120). */
  startupTimeout?: number;
  /** Seconds for the whole run; past it the executor and its kernel are killed and the promise rejects. */
  deadline?: number;
  kernel?: string;
  env?: NodeJS.ProcessEnv;
  /** true: reuse a successful run with the same fingerprint in outDir; or folders to look in. */
  reuse?: boolean | string[];
  /** Called after each code cell: which notebook, cell index, cells done of all, status, seconds since start. */
  onCell?: (event: CellProgress) => void;
}
export interface CellProgress {
  notebook: string;
  index: number;
  done: number;
  of: number;
  status: 'ok' | 'error';
  elapsed: number;
}
export interface ProgressEvent {
  notebook: string;
  done: number;
  total: number;
  summary: ExecutionSummary;
  message: string;
}
export declare const defaultOutDir: string;
export declare function fingerprint(notebook: string, options?: ExecuteOptions): string;
export declare function executeNotebook(notebook: string, options?: ExecuteOptions): Promise<ExecutionSummary>;
export declare function executeAll(
  paths: string[],
  options?: ExecuteOptions & { parallel?: number; onProgress?: (event: ProgressEvent) => void },
): Promise<ExecutionSummary[]>;
export declare function describe(summary: ExecutionSummary): string;
export declare function errorLines(summary: ExecutionSummary): string[];
