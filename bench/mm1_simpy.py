"""M/M/1 in SimPy 3 (Debian python3-simpy3): the reference for `npm run bench:sim`.

Usage: python3 bench/mm1_simpy.py CUSTOMERS
Prints one JSON line: customers, wall seconds, customers per second, mean sojourn
(λ = 0.8, μ = 1, FIFO, one server, infinite queue; theory: 1/(μ−λ) = 5 s).
"""
import json
import random
import sys
import time

import simpy

LAMBDA = 0.8
MU = 1.0


def main() -> None:
    customers = int(sys.argv[1])
    rng = random.Random(42)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    stats = {"done": 0, "sum": 0.0}

    def customer(env):
        arrival = env.now
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(MU))
        stats["done"] += 1
        stats["sum"] += env.now - arrival

    def source(env):
        for _ in range(customers):
            env.process(customer(env))
            yield env.timeout(rng.expovariate(LAMBDA))

    env.process(source(env))
    start = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - start
    print(json.dumps({
        "customers": stats["done"],
        "seconds": seconds,
        "customersPerSecond": stats["done"] / seconds,
        "meanSojourn": stats["sum"] / stats["done"],
    }))


if __name__ == "__main__":
    main()
