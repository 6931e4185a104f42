/**
 * kernel/preload.cjs, the project's two fixes to tslab's messaging, checked on zeromq itself
 * (the full-kernel checks are kernel-messages.test.ts and `npm run stress`), and the
 * kernelspec and pins that `npm run setup` writes.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { kernelPreload, kernelSpec, kernelSpecFile, requirementsFile, tslabMain } from '../scripts/jupyter.mjs';

const runNode = (code: string, preload = true) => spawnSync(process.execPath,
  [...(preload ? ['--require', kernelPreload] : []), '-e', code], { encoding: 'utf8', timeout: 30000 });

/** A loopback port held by another process's listener while `fn` runs. */
async function withTakenPort<T>(fn: (port: number) => T): Promise<T> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return fn((server.address() as { port: number }).port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the kernel preload (kernel/preload.cjs)', () => {
  it('sets sendTimeout 0 on the sockets tslab sends on (PUB, ROUTER, REP), so every send is synchronous', () => {
    const code = `const zmq = require('zeromq');
      (async () => {
        const out = {};
        for (const name of ['Publisher', 'Router', 'Reply']) {
          const s = new zmq[name]();
          out[name + ' before bind'] = s.sendTimeout;
          await s.bind('tcp://127.0.0.1:*');
          out[name] = s.sendTimeout;
          s.close();
        }
        console.log(JSON.stringify(out));
      })();`;
    const res = runNode(code);
    expect(res.status, res.stderr).to.equal(0);
    expect(JSON.parse(res.stdout)).to.deep.equal({
      'Publisher before bind': -1, Publisher: 0, 'Router before bind': -1, Router: 0, 'Reply before bind': -1, Reply: 0,
    });
  });

  it('without it, a PUB socket defers its 513th send in a row and every send made meanwhile throws EBUSY and is lost', () => {
    const code = `const zmq = require('zeromq');
      (async () => {
        const pub = new zmq.Publisher();
        await pub.bind('tcp://127.0.0.1:*');
        const lost = [];
        for (let i = 0; i < 600; i++) {
          // As tslab sends: neither awaited nor caught by the caller.
          try { pub.send('m' + i).catch(() => lost.push(i)); } catch (e) { lost.push(i); }
        }
        await new Promise((r) => setTimeout(r, 200));
        console.log(JSON.stringify({ lost: lost.length, first: lost.length ? Math.min(...lost) : null }));
        pub.close();
      })();`;
    const unpatched = runNode(code, false);
    expect(unpatched.status, unpatched.stderr).to.equal(0);
    const without = JSON.parse(unpatched.stdout);
    // Sends 0..511 go out at once, send 512 is deferred, and the (0-based) sends from 513 on throw.
    expect(without.first, 'the first send lost without the preload').to.equal(513);
    expect(without.lost).to.equal(600 - 513);
    const patched = runNode(code, true);
    expect(patched.status, patched.stderr).to.equal(0);
    expect(JSON.parse(patched.stdout)).to.deep.equal({ lost: 0, first: null });
  });

  it('makes a kernel whose port is taken exit with a message, instead of running on without it', async () => {
    const res = await withTakenPort((port) => runNode(`const zmq = require('zeromq');
      new zmq.Router().bind('tcp://127.0.0.1:${port}');
      setTimeout(() => console.log('still running'), 3000);`));
    expect(res.status).to.equal(70);
    expect(res.stdout).to.not.include('still running');
    expect(res.stderr).to.match(/cannot bind its Router socket to tcp:\/\/127\.0\.0\.1:\d+: Address already in use/);
  });

  it('is in the kernelspec that npm run setup wrote, before tslab', () => {
    const written = JSON.parse(readFileSync(kernelSpecFile, 'utf8'));
    expect(written).to.deep.equal(kernelSpec());
    expect(written.argv.slice(1, 4)).to.deep.equal(['--require', kernelPreload, tslabMain]);
  });
});

describe('requirements/jupyter.txt', () => {
  it('pins every package exactly', () => {
    const lines = readFileSync(requirementsFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(lines.length).to.be.greaterThan(4);
    for (const line of lines) expect(line).to.match(/^[A-Za-z0-9_.-]+==\d[\w.+]*$/);
    for (const name of ['jupyterlab', 'notebook', 'nbclient', 'nbconvert', 'jupyter_client']) {
      expect(lines.some((l) => l.startsWith(`${name}==`)), name).to.equal(true);
    }
  });
});
