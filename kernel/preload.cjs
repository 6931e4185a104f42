/**
 * Loaded into every tslab kernel the project registers (`node --require kernel/preload.cjs`,
 * see kernelSpec() in scripts/jupyter.mjs). It mends two defects of tslab 1.0.22 on
 * zeromq.js 6 in how the kernel talks to Jupyter. Both are workarounds: drop this file once
 * tslab awaits its socket set-up and its sends (check with `npm run stress -- --unpatched`).
 *
 * 1. Lost messages. zeromq.js sends synchronously only 512 times in a row per socket, then
 *    defers the next send; any send() while one is deferred throws EBUSY. tslab never awaits
 *    send(), so that message (an output, a reply, an "idle" status) is silently dropped, after
 *    about a hundred cell runs in one kernel. With sendTimeout = 0 every send is synchronous.
 *    That is safe for the sockets the kernel sends on: PUB and ROUTER never block (they drop
 *    rather than wait), and REP (heartbeat) answers one request at a time.
 *
 * 2. A kernel that runs on without its ports. tslab does not await its binds and swallows the
 *    rejection, so a kernel whose port was taken meanwhile (two kernels started at once can be
 *    given the same free port) keeps running, and its client talks to another kernel
 *    ("Invalid Signature", "Kernel didn't respond"). Here a failed bind ends the process with
 *    a message, so Jupyter sees a dead kernel and starts another on new ports.
 *
 * It also names the language so that today's front ends highlight TypeScript: tslab's
 * codemirror_mode {name: 'javascript', mode: 'typescript', typescript: true} was made for
 * CodeMirror 5, and JupyterLab 4 / Notebook 7 look the language up by `name`, so cells got the
 * JavaScript grammar (`x: number` unhighlighted). The MIME type 'application/typescript' is
 * found by JupyterLab 4 (by MIME) and by the classic notebook's CodeMirror 5 (a javascript
 * mode with typescript on) alike.
 */
'use strict';

const path = require('node:path');

// The zeromq that tslab itself loads (tslab requires it lazily, from its own folder).
const tslabDir = path.dirname(require.resolve('tslab/package.json', { paths: [process.cwd(), __dirname] }));
const zmq = require(require.resolve('zeromq', { paths: [tslabDir] }));

const SENDING_SOCKETS = ['Publisher', 'Router', 'Reply'];

for (const name of SENDING_SOCKETS) {
  const proto = zmq[name].prototype;
  const bind = proto.bind;
  Object.defineProperty(proto, 'bind', {
    configurable: true,
    writable: true,
    value: async function bindOrExit(address) {
      this.sendTimeout = 0;
      try {
        return await bind.call(this, address);
      } catch (err) {
        process.stderr.write(`tslab: cannot bind its ${name} socket to ${address}: ${err && err.message}. ` +
          'Exiting, so that Jupyter starts the kernel again on other ports.\n');
        process.exit(70);
      }
    },
  });
}

const { JupyterHandlerImpl } = require(path.join(tslabDir, 'dist', 'jupyter.js'));
const kernelInfo = JupyterHandlerImpl.prototype.handleKernel;
JupyterHandlerImpl.prototype.handleKernel = function handleKernelWithTypeScriptMode() {
  const reply = kernelInfo.call(this);
  if (reply.language_info.name === 'typescript') reply.language_info.codemirror_mode = 'application/typescript';
  return reply;
};

module.exports = { patched: SENDING_SOCKETS };
