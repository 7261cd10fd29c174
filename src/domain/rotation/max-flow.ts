/**
 * Maximum flow (Dinic's algorithm) on a small directed graph with integer capacities, for the
 * coverage step (coverage-flow.ts). It can start from a given feasible flow, so a schedule that
 * is already at its maximum comes out unchanged: the flow only changes along augmenting paths.
 * Deterministic: edges are explored in the order they were added.
 */
export class FlowGraph {
  private readonly head: Int32Array;
  private readonly to: Int32Array;
  private readonly cap: Int32Array;
  private readonly next: Int32Array;
  private readonly level: Int32Array;
  private readonly cursor: Int32Array;
  private edges = 0;

  /** `nodes` and `maxEdges` are upper bounds, allocated at once (typed arrays: the graphs have 100,000 edges). */
  constructor(
    readonly nodes: number,
    maxEdges: number,
  ) {
    this.head = new Int32Array(nodes).fill(-1);
    this.level = new Int32Array(nodes);
    this.cursor = new Int32Array(nodes);
    this.to = new Int32Array(2 * maxEdges);
    this.cap = new Int32Array(2 * maxEdges);
    this.next = new Int32Array(2 * maxEdges);
  }

  /** Adds an edge and its reverse; returns the edge's id (the reverse is id ^ 1). */
  addEdge(from: number, to: number, capacity: number): number {
    const id = this.edges;
    if (id + 2 > this.to.length) throw new Error("FlowGraph: more edges than allocated");
    this.edges += 2;
    this.to[id] = to;
    this.to[id + 1] = from;
    this.cap[id] = capacity;
    this.next[id] = this.head[from] as number;
    this.next[id + 1] = this.head[to] as number;
    this.head[from] = id;
    this.head[to] = id + 1;
    return id;
  }

  /** Flow on an edge: what its reverse holds. */
  flow(edge: number): number {
    return this.cap[edge ^ 1] as number;
  }

  /** Sends `amount` along an edge (a given starting flow); false when it has no room. */
  push(edge: number, amount: number): boolean {
    if ((this.cap[edge] as number) < amount) return false;
    this.cap[edge] = (this.cap[edge] as number) - amount;
    this.cap[edge ^ 1] = (this.cap[edge ^ 1] as number) + amount;
    return true;
  }

  /** Augments from `source` to `sink` until no path is left; returns the flow added. */
  maximise(source: number, sink: number): number {
    let added = 0;
    while (this.levels(source, sink)) {
      this.cursor.set(this.head);
      for (let f = this.augment(source, sink, Infinity); f > 0; f = this.augment(source, sink, Infinity)) added += f;
    }
    return added;
  }

  private levels(source: number, sink: number): boolean {
    this.level.fill(-1);
    const queue = new Int32Array(this.nodes);
    let read = 0;
    let write = 0;
    queue[write++] = source;
    this.level[source] = 0;
    while (read < write) {
      const v = queue[read++] as number;
      for (let e = this.head[v] as number; e >= 0; e = this.next[e] as number) {
        const w = this.to[e] as number;
        if ((this.cap[e] as number) > 0 && (this.level[w] as number) < 0) {
          this.level[w] = (this.level[v] as number) + 1;
          queue[write++] = w;
        }
      }
    }
    return (this.level[sink] as number) >= 0;
  }

  private augment(v: number, sink: number, limit: number): number {
    if (v === sink) return limit;
    for (let e = this.cursor[v] as number; e >= 0; e = this.cursor[v] = this.next[e] as number) {
      const w = this.to[e] as number;
      const room = this.cap[e] as number;
      if (room <= 0 || this.level[w] !== (this.level[v] as number) + 1) continue;
      const sent = this.augment(w, sink, Math.min(limit, room));
      if (sent > 0) {
        this.cap[e] = room - sent;
        this.cap[e ^ 1] = (this.cap[e ^ 1] as number) + sent;
        return sent;
      }
    }
    return 0;
  }
}
