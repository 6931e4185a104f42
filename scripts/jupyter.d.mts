// Types for scripts/jupyter.mjs (used by the TypeScript tests).
export declare const projectRoot: string;
export declare const jupyterDir: string;
export declare const kernelName: string;
export declare const kernelDir: string;
export declare const kernelSpecFile: string;
export declare const pythonFile: string;
export declare const environmentFile: string;
export declare const notebooksDir: string;
export declare const tslabMain: string;
export declare const kernelPreload: string;
export declare const venvDir: string;
export declare const venvPython: string;
export declare const requirementsFile: string;
export declare const torchRequirementsFile: string;
export declare const requiredModules: string[];
export interface KernelSpec { argv: string[]; display_name: string; language: string }
export declare function kernelSpec(options?: { node?: string; preload?: boolean }): KernelSpec;
/** What `npm run setup` recorded: 'venv' (the project's .venv), 'debian' (Debian's Python, when pip could not be used) or 'explicit' (OPTIM_PYTHON). */
export interface RecordedEnvironment {
  kind: 'venv' | 'debian' | 'explicit';
  python: string;
  versions: Record<string, string | null>;
  requirements?: string;
  torch?: string | null;
}
export declare function recordedEnvironment(): RecordedEnvironment | null;
export declare function checkPython(python: string, options?: { timeout?: number }):
  { ok: true; python: string; files: string[] } | { ok: false; python: string; reason: string; missing?: string[] };
export declare function pythonPath(): string;
export declare function isSetUp(): boolean;
export declare function jupyterEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function listNotebooks(dir?: string): string[];
export declare function projectRelative(path: string): string;
export declare function freePort(): Promise<number>;
