/**
 * No message lost in a long-lived kernel. Unpatched, tslab 1.0.22 on zeromq.js 6 drops a
 * message once a socket has sent 512 times in a row (about the 127th execution of a one-line
 * cell), and a cell printing 2,000 lines delivers about 500. kernel/preload.cjs mends it; this
 * test runs the kernel the project registers: 300 executions (a printing cell and a display
 * cell, 150 times each), then 2,000 lines from one cell and 600 displays from one cell, and
 * accounts for every output, every reply and every "idle" status. `npm run stress` does the
 * same at full length, and with --unpatched shows the defect.
 */
import { expect } from 'chai';
import { isSetUp } from '../scripts/jupyter.mjs';
import { longLivedKernel, lostMessages, variant } from '../scripts/stress.mjs';

describe('a long-lived tslab kernel loses no message', function () {
  this.timeout(10 * 60 * 1000);

  it('accounts for every output, reply and idle status over 300 executions, 2,000 printed lines and 600 displays', async () => {
    if (!isSetUp()) throw new Error('Jupyter is not set up: run `npm run setup` first.');
    const burst = 2000;
    const displays = 600;
    const report = await longLivedKernel({ ...variant(), reruns: 150, burst, displays, figures: false, timeout: 30 });
    const summary = JSON.stringify(report);
    expect(report.stoppedEarly, summary).to.equal(null);
    expect(report.executions, summary).to.equal(300 + 3 + 3);
    expect(report.burstLines, summary).to.equal(burst);
    expect(report.displaysShown, summary).to.equal(displays);
    expect(report.errors, summary).to.equal(0);
    expect(lostMessages(report, { burst, displays }), summary).to.equal(0);
  });
});
