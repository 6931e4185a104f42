"""The port race as a front end meets it, played with jupyter_client's own kernel manager and
restarter (what JupyterLab and Notebook 7 use): a kernel is started, and before it binds, its
shell port is taken by another listener, as when a second kernel is given the same port.

Prints one JSON line: the port taken, the first kernel's exit code, whether the restarter
started it again, on which shell port, and whether the kernel then answered.
Usage: CACHE_PORTS=0|1 python port_race.py KERNEL_NAME

CACHE_PORTS=1 is jupyter_client's default: its port cache pins a kernel's ports, so a restart
reuses the same ones (and fails again while the port is taken). `npm run lab` and the
JupyterLab test start the server with KernelManager.cache_ports=False, so that a restart after a
failed bind gets new ports.
"""

import asyncio
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import workbook_kernel  # noqa: E402,F401  (the project's kernelspec on JUPYTER_PATH)

from jupyter_client.ioloop import AsyncIOLoopKernelManager  # noqa: E402  (what jupyter_server uses)


CACHE_PORTS = os.environ.get("CACHE_PORTS", "1") == "1"


async def main(kernel_name):
    km = AsyncIOLoopKernelManager(kernel_name=kernel_name, cache_ports=CACHE_PORTS)
    await km.start_kernel()
    first = km.provisioner.process
    # Take the shell port before the kernel gets to bind it (tslab binds seconds after start).
    thief = socket.socket()
    thief.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    thief.bind((km.ip, km.shell_port))
    thief.listen()
    stolen = km.shell_port
    restarts = []
    km.add_restart_callback(lambda: restarts.append(time.monotonic()), "restart")
    km.start_restarter()
    deadline = time.monotonic() + 40
    exit_code = None
    while time.monotonic() < deadline and exit_code is None:
        exit_code = first.poll()
        await asyncio.sleep(0.1)
    # Give the restarter time to notice the death and start the kernel again.
    while time.monotonic() < deadline and not restarts:
        await asyncio.sleep(0.2)
    answered = False
    if restarts:
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=30)
            answered = True
        except RuntimeError:
            answered = False
        kc.stop_channels()
    thief.close()
    km.stop_restarter()
    await km.shutdown_kernel(now=True)
    print(json.dumps({"stolenPort": stolen, "firstExit": exit_code, "restarted": bool(restarts),
                      "shellPortAfter": km.shell_port, "answered": answered}))


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "tslab"))
