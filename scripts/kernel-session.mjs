/**
 * A live tslab kernel driven from Node through scripts/kernel-session.py (jupyter_client; one
 * JSON request per line). Used by the tests, the benchmark and the stress command:
 *
 *   const k = await KernelSession.start();          // fresh kernel, cwd notebooks/
 *   const r = await k.run('1 + 1');                   // { status, seconds, outputs, error, ... }
 *   await k.close();
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { jupyterEnv, notebooksDir, projectRoot, pythonPath } from './jupyter.mjs';

export class KernelSession {
  #child;
  #waiting = [];
  #exited = false;
  stderr = '';
  startup = 0;

  constructor(child) {
    this.#child = child;
    createInterface({ input: child.stdout }).on('line', (line) => this.#waiting.shift()?.(line));
    child.stderr.on('data', (d) => { this.stderr += d; });
    child.on('exit', () => { this.#exited = true; for (const w of this.#waiting.splice(0)) w(''); });
  }

  /**
   * Starts a fresh kernel and waits until it answers.
   * @param {{ kernel?: string, cwd?: string, env?: NodeJS.ProcessEnv }} [options]
   */
  static async start({ kernel = 'tslab', cwd = notebooksDir, env = process.env } = {}) {
    const child = spawn(pythonPath(), [join(projectRoot, 'scripts', 'kernel-session.py'), '--kernel', kernel, '--cwd', cwd],
      { cwd: projectRoot, env: jupyterEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    const k = new KernelSession(child);
    const ready = JSON.parse((await k.#line()) || 'null');
    if (!ready?.ready) { await k.close(); throw new Error(`the kernel session did not start:\n${k.stderr.trim()}`); }
    k.startup = ready.startup;
    return k;
  }

  #line() {
    if (this.#exited) return Promise.resolve('');
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Runs one cell's source; `timeout` in seconds bounds the wait for its reply and idle status. */
  async run(code, timeout = 120) {
    const answer = this.#line();
    this.#child.stdin.write(`${JSON.stringify({ op: 'execute', code, timeout })}\n`);
    const line = await answer;
    if (!line) throw new Error(`the kernel session ended:\n${this.stderr.trim().split('\n').slice(-5).join('\n')}`);
    return JSON.parse(line);
  }

  async close() {
    if (this.#exited) return;
    const done = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.stdin.end(`${JSON.stringify({ op: 'shutdown' })}\n`);
    const timer = setTimeout(() => this.#child.kill('SIGTERM'), 10000);
    await done;
    clearTimeout(timer);
  }
}

/** The stdout text of a result's outputs. */
export const stdoutOf = (outputs) => outputs
  .filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => o.text ?? '').join('');

/** The inline SVG markup of a result's display outputs (one string per output that has one). */
export function svgOutputs(outputs) {
  return outputs.flatMap((o) => {
    if (o.output_type !== 'display_data' && o.output_type !== 'execute_result' && o.output_type !== 'update_display_data') return [];
    const d = o.data ?? {};
    const svg = d['image/svg+xml'] ?? d['text/html'];
    const text = Array.isArray(svg) ? svg.join('') : typeof svg === 'string' ? svg : '';
    return text.includes('<svg') ? [text] : [];
  });
}
