// Types for scripts/tfjs-node.mjs (used by the TypeScript tests).
export declare const tfjsNodePackage: string;
export declare const tfjsNodeDir: string;
export declare const tfjsNodeCache: string;
export declare const tfjsNodeStateFile: string;
export declare const libtensorflowRequirements: string;
export declare const tfjsNodeCommand: string;
/** What `npm run setup -- --tfjs-node` recorded in .tfjs-node/state.json. */
export interface TfjsNodeState {
  tfjsNode: string;
  tensorflow: string;
  wheel: { file: string; bytes: number; sha256: string } | null;
  libraries: { dir: string; bytes: Record<string, number> };
  binding: { file: string; napi: number; bytes: number; sha256: string; how: string; compileSeconds: number | null };
  build: { nodeGyp: string; nodedir: string; node: string } | null;
  symbols: { imported: number; fromLibtensorflowCc: number; fromFramework: number; missing: string[] } | null;
  probe: { backend: string; tensorflow: string; loadMs: number };
  seconds: Record<string, number>;
  at: string;
}
export interface TfjsNodeStatus {
  ready: boolean;
  recorded: TfjsNodeState | null;
  reason: string;
  version?: string;
  binding?: string;
  source?: 'built here' | 'npm';
}
export declare function pinnedTensorflow(): string;
export declare function lockedTfjsNode(): string;
export declare function tfjsNodeStatus(): TfjsNodeStatus;
export declare function describeTfjsNode(): string;
export declare function probeTfjsNode(options?: { timeout?: number }):
  { ok: boolean; reason: string; backend?: string; tensorflow?: string | null; tfjsNode?: string; theta?: number[]; loadMs?: number; output?: string };
export declare function setupTfjsNode(options: { python: string; log?: (msg: string) => void }): TfjsNodeState & { how: string };
