/**
 * The port race as JupyterLab meets it: a kernel's shell port is taken before tslab binds it
 * (as when two kernels started at once are given the same port). With the preload, the kernel
 * exits with a message instead of running on without the port, and jupyter_client's restarter
 * (JupyterLab's, with cache_ports off as `npm run lab` sets it) starts it again on new ports,
 * where it answers. Played by test/helpers/port_race.py with jupyter_client's own classes.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { jupyterEnv, projectRoot, pythonPath } from '../scripts/jupyter.mjs';

describe('a tslab kernel whose port was taken (the port race)', function () {
  this.timeout(3 * 60 * 1000);

  it('exits with a message and is restarted by Jupyter on new ports, where it answers', () => {
    const res = spawnSync(pythonPath(), [join(projectRoot, 'test', 'helpers', 'port_race.py'), 'tslab'],
      { encoding: 'utf8', env: { ...jupyterEnv(), CACHE_PORTS: '0' }, timeout: 150_000 });
    expect(res.status, res.stderr).to.equal(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop() ?? 'null');
    expect(res.stderr).to.match(/tslab: cannot bind its Router socket to tcp:\/\/127\.0\.0\.1:\d+: Address already in use/);
    expect(out.firstExit, 'exit code of the kernel that lost its port').to.equal(70);
    expect(out.restarted, 'restarted by jupyter_client').to.equal(true);
    expect(out.shellPortAfter).to.not.equal(out.stolenPort);
    expect(out.answered, 'the restarted kernel answers kernel_info').to.equal(true);
  });
});
