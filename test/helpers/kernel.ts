/**
 * A live tslab kernel for tests, driven through scripts/kernel-session.py (jupyter_client):
 * `const k = await KernelSession.start(); const r = await k.run('1 + 1'); await k.close();`
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { jupyterEnv, notebooksDir, projectRoot, pythonPath } from '../../scripts/jupyter.mjs';

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
}

export class KernelSession {
  private readonly pending: ((line: string) => void)[] = [];
  private exited = false;
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams, public startup = 0) {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => this.pending.shift()?.(line));
    child.stderr.on('data', (d) => { this.stderr += d; });
    child.on('exit', () => {
      this.exited = true;
      for (const waiter of this.pending.splice(0)) waiter('');
    });
  }

  /** Starts a fresh kernel (default: tslab, cwd notebooks/) and waits until it answers. */
  static async start(options: { kernel?: string; cwd?: string } = {}): Promise<KernelSession> {
    const child = spawn(pythonPath(), [join(projectRoot, 'scripts', 'kernel-session.py'),
      '--kernel', options.kernel ?? 'tslab', '--cwd', options.cwd ?? notebooksDir],
    { cwd: projectRoot, env: jupyterEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const session = new KernelSession(child);
    const ready = JSON.parse((await session.nextLine()) || 'null') as { ready: boolean; startup: number } | null;
    if (!ready?.ready) throw new Error(`the kernel session did not start:\n${session.stderr}`);
    session.startup = ready.startup;
    return session;
  }

  private nextLine(): Promise<string> {
    if (this.exited) return Promise.resolve('');
    return new Promise((resolve) => this.pending.push(resolve));
  }

  /** Executes one cell's source; resolves with its outputs and timing. */
  async run(code: string, timeout = 120): Promise<KernelResult> {
    const answer = this.nextLine();
    this.child.stdin.write(`${JSON.stringify({ op: 'execute', code, timeout })}\n`);
    const line = await answer;
    if (!line) throw new Error(`the kernel session ended:\n${this.stderr}`);
    return JSON.parse(line) as KernelResult;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end(`${JSON.stringify({ op: 'shutdown' })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 10000);
    await done;
    clearTimeout(timer);
  }
}

/** All the inline SVG markup of a result's display outputs (one string per output that has one). */
export function svgOutputs(outputs: KernelOutput[]): string[] {
  return outputs.flatMap((o) => {
    if (o.output_type !== 'display_data' && o.output_type !== 'execute_result' && o.output_type !== 'update_display_data') return [];
    const d = o.data ?? {};
    const svg = d['image/svg+xml'] ?? d['text/html'];
    const text = Array.isArray(svg) ? svg.join('') : typeof svg === 'string' ? svg : '';
    return text.includes('<svg') ? [text] : [];
  });
}

/** The stdout text of a result. */
export const stdoutOf = (outputs: KernelOutput[]): string =>
  outputs.filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => o.text ?? '').join('');
