/**
 * A live tslab kernel for the bench, driven through helper D's scripts/kernel-session.py
 * (jupyter_client; one JSON request per line). This file only speaks its line protocol.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { jupyterEnv, notebooksDir, projectRoot, pythonPath } from '../jupyter.mjs';

export class Kernel {
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

  /** Starts a fresh tslab kernel in notebooks/ and waits until it answers. */
  static async start() {
    const child = spawn(pythonPath(), [join(projectRoot, 'scripts', 'kernel-session.py'), '--cwd', notebooksDir],
      { cwd: projectRoot, env: jupyterEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const k = new Kernel(child);
    const ready = JSON.parse((await k.#line()) || 'null');
    if (!ready?.ready) { await k.close(); throw new Error(`the kernel did not start: ${k.stderr.trim().split('\n').slice(-3).join(' | ')}`); }
    k.startup = ready.startup;
    return k;
  }

  #line() {
    if (this.#exited) return Promise.resolve('');
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Runs one cell: { status, seconds (request → idle), outputs, error }. */
  async run(code, timeout = 180) {
    const answer = this.#line();
    this.#child.stdin.write(`${JSON.stringify({ op: 'execute', code, timeout })}\n`);
    const line = await answer;
    if (!line) throw new Error(`the kernel session ended: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`);
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

/** The stdout text of a cell's outputs. */
export const stdoutOf = (result) => result.outputs
  .filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => o.text).join('');
