// Types for scripts/jupyter.mjs (used by the TypeScript tests).
export declare const projectRoot: string;
export declare const jupyterDir: string;
export declare const kernelName: string;
export declare const kernelDir: string;
export declare const kernelSpecFile: string;
export declare const pythonFile: string;
export declare const checkedFile: string;
export declare const notebooksDir: string;
export declare const tslabBin: string;
export declare const requiredModules: string[];
export declare function kernelSpec(): { argv: string[]; display_name: string; language: string };
export declare function checkPython(python: string, options?: { timeout?: number }):
  { ok: true; python: string; files: string[] } | { ok: false; python: string; reason: string; missing?: string[] };
export declare function pythonPath(): string;
export declare function isSetUp(): boolean;
export declare function jupyterEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function listNotebooks(dir?: string): string[];
export declare function projectRelative(path: string): string;
