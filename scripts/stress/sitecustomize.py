"""Fault injection for `npm run stress -- --narrow-ports LO-HI` only (put on PYTHONPATH by it).

jupyter_client picks a kernel's ports by binding port 0 and closing it; any free port of the
whole ephemeral range can come back, so two kernels starting at once rarely get the same one.
Here ports are picked the same way (a port that binds now is taken) but from LO..HI only, so
that two kernels starting together collide often and the port race can be counted.
"""

import os
import random
import socket

from jupyter_client import connect

LOW, HIGH = (int(p) for p in os.environ["OPTIM_STRESS_PORTS"].split("-"))


def find_available_port(self, ip):
    while True:
        port = random.randint(LOW, HIGH)
        if port in self.currently_used_ports:
            continue
        probe = socket.socket()
        try:
            probe.bind((ip, port))
        except OSError:
            continue
        finally:
            probe.close()
        self.currently_used_ports.add(port)
        return port


connect.LocalPortCache.find_available_port = find_available_port
