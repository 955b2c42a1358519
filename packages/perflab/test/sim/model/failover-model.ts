/**
 * A database master fails at 100 s; after the 10 s detection delay a replica is
 * promoted (110 s); the old master rejoins as a replica when the incident ends
 * (160 s). Writes in between fail; every order publishes to a broker queue.
 */
export const FAILOVER_MODEL = `
name: failover-demo
seed: 5
duration: 200s
workload: { type: open, rate: 50 }
services:
  orders: { instances: 2, concurrency: 8, serviceTime: { exponential: { mean: 2ms } } }
databases:
  orders-db:
    replicas: 2
    readTime: 1ms
    writeTime: { exponential: { mean: 3ms } }
    replication: { mode: sync, lag: 1ms }
    failover: { detectionDelay: 10s }
incidents:
  - { at: 100s, target: orders-db, for: 60s }
brokers: { mq: { queues: { events: { serviceTime: { exponential: { mean: 15ms } } } } } }
flows:
  create-order:
    request: POST /orders
    weight: 1
    steps: [{ type: call, target: orders }, { type: write, target: orders-db }, { type: publish, target: mq, queue: events }]
`;
