/**
 * The live scoreboard of every competition this instance serves: builds boards,
 * caches them, and pushes them to connected streams.
 *
 * Every ledger change is published on the {@link EventBus}; each instance marks
 * the competition dirty and rebuilds once after `debounceMs` (a burst of solves
 * → one rebuild, pushed well within 1 s). Streams get a board only when it
 * differs from the last one they got. Two audiences: admins always see the live
 * board; participants see the board as of the freeze time once it has passed.
 */
import type { SqlClient } from '../db/sql-client.ts';
import type { Announcement, Scoreboard, ScoreSeries } from '../domain/schemas.ts';
import { getCompetition } from '../store/competitions.ts';
import { boardAt, ledgerTime, liveBoard, scoreSeries } from '../store/scoreboard.ts';
import type { EventBus, LiveEvent } from './shared.ts';

/** Who is looking: admins see the live board, participants the frozen one after the freeze. */
export type Audience = 'admin' | 'participant';

/** A connected stream: receives scoreboards and announcements. */
export interface StreamSink {
  readonly audience: Audience;
  /** A board, as JSON text (serialised once per audience, not once per stream). */
  scoreboard(json: string): void;
  announcement(announcement: Announcement): void;
}

/** Options of {@link ScoreboardHub}. */
export interface ScoreboardHubOptions {
  db: SqlClient;
  bus: EventBus;
  /** Wait this long after a change before rebuilding (ms, default 200). */
  debounceMs?: number;
  /** Called after each rebuild (metrics). */
  onRebuild?: (competitionId: number) => void;
  /** Reports a failed rebuild (the next change retries). */
  log?: (line: string) => void;
}

interface CompetitionState {
  sinks: Set<StreamSink>;
  timer: NodeJS.Timeout | undefined;
  live: Scoreboard | undefined;
  frozen: { at: string; board: Scoreboard } | undefined;
  freezeAt: string | null | undefined;
  /** Fires at the freeze time so participants' streams switch to the frozen board without waiting for a change. */
  freezeTimer: NodeJS.Timeout | undefined;
  lastSent: Map<StreamSink, string>;
}

/** See the module comment. Call {@link ScoreboardHub.close} to stop timers and unsubscribe. */
export class ScoreboardHub {
  private readonly states = new Map<number, CompetitionState>();
  private readonly unsubscribe: () => void;
  private readonly debounceMs: number;
  /** Rebuilds done so far (all competitions). */
  rebuilds = 0;

  constructor(private readonly options: ScoreboardHubOptions) {
    this.debounceMs = options.debounceMs ?? 200;
    this.unsubscribe = options.bus.subscribe((event) => this.onEvent(event));
  }

  private state(competitionId: number): CompetitionState {
    let state = this.states.get(competitionId);
    if (!state) {
      state = {
        sinks: new Set(),
        timer: undefined,
        live: undefined,
        frozen: undefined,
        freezeAt: undefined,
        freezeTimer: undefined,
        lastSent: new Map(),
      };
      this.states.set(competitionId, state);
    }
    return state;
  }

  private onEvent(event: LiveEvent): void {
    const state = this.state(event.competitionId);
    if (event.type === 'announcement') {
      for (const sink of state.sinks) sink.announcement(event.announcement);
      return;
    }
    if (event.type === 'competition') {
      state.freezeAt = undefined;
      state.frozen = undefined;
    }
    state.live = undefined;
    this.schedule(event.competitionId, state);
  }

  /** Mark the competition changed and rebuild after the debounce delay (one rebuild per burst). */
  private schedule(competitionId: number, state: CompetitionState): void {
    if (state.timer !== undefined || state.sinks.size === 0) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.push(competitionId).catch((error: unknown) =>
        this.options.log?.(
          `arena: scoreboard rebuild of competition ${competitionId} failed: ${String(error)}`,
        ),
      );
    }, this.debounceMs);
  }

  private async freezeAt(competitionId: number, state: CompetitionState): Promise<string | null> {
    if (state.freezeAt === undefined) {
      const freezeAt = (await getCompetition(this.options.db, competitionId)).rules.freezeAt;
      state.freezeAt = freezeAt;
      clearTimeout(state.freezeTimer);
      state.freezeTimer = undefined;
      const wait = freezeAt === null ? -1 : Date.parse(freezeAt) - Date.now();
      // setTimeout holds at most 2^31 − 1 ms (≈ 24.8 days); a later freeze is scheduled when the rules are next read.
      if (wait >= 0 && wait < 2 ** 31 - 1) {
        state.freezeTimer = setTimeout(() => {
          state.freezeTimer = undefined;
          this.schedule(competitionId, state);
        }, wait + 1);
        state.freezeTimer.unref();
      }
    }
    return state.freezeAt;
  }

  /**
   * The board `audience` sees now (cached until the next change).
   * @throws ArenaError `ARENA_ERR_NOT_FOUND` for an unknown competition.
   */
  async board(competitionId: number, audience: Audience): Promise<Scoreboard> {
    const state = this.state(competitionId);
    const freezeAt = await this.freezeAt(competitionId, state);
    if (audience === 'participant' && freezeAt !== null && Date.now() >= Date.parse(freezeAt)) {
      if (state.frozen?.at !== freezeAt) {
        const rows = await boardAt(this.options.db, competitionId, freezeAt);
        const updatedAt = await ledgerTime(this.options.db, Math.max(0, ...rows.map((r) => r.lastChangeId)));
        state.frozen = {
          at: freezeAt,
          board: { competitionId, frozen: true, frozenAt: freezeAt, updatedAt, rows },
        };
      }
      return state.frozen.board;
    }
    if (!state.live) {
      this.rebuilds++;
      this.options.onRebuild?.(competitionId);
      const rows = await liveBoard(this.options.db, competitionId);
      const updatedAt = await ledgerTime(this.options.db, Math.max(0, ...rows.map((r) => r.lastChangeId)));
      state.live = { competitionId, frozen: false, frozenAt: null, updatedAt, rows };
    }
    return state.live;
  }

  /** Score over time of the top `top` accounts of the board `audience` sees (frozen: up to the freeze). */
  async history(competitionId: number, audience: Audience, top: number): Promise<ScoreSeries[]> {
    const board = await this.board(competitionId, audience);
    const leaders = board.rows.slice(0, top).map((r) => ({ accountId: r.accountId, name: r.name }));
    return scoreSeries(this.options.db, competitionId, leaders, board.frozenAt);
  }

  private async push(competitionId: number): Promise<void> {
    const state = this.state(competitionId);
    const boards = new Map<Audience, string>();
    for (const sink of state.sinks) {
      let json = boards.get(sink.audience);
      if (json === undefined) {
        json = JSON.stringify(await this.board(competitionId, sink.audience));
        boards.set(sink.audience, json);
      }
      if (state.lastSent.get(sink) !== json && state.sinks.has(sink)) {
        state.lastSent.set(sink, json);
        sink.scoreboard(json);
      }
    }
  }

  /**
   * Connect `sink` to competition `competitionId`: it gets the current board at
   * once, then every changed board and every announcement. Returns the
   * disconnect function.
   */
  async connect(competitionId: number, sink: StreamSink): Promise<() => void> {
    const state = this.state(competitionId);
    const json = JSON.stringify(await this.board(competitionId, sink.audience));
    state.sinks.add(sink);
    state.lastSent.set(sink, json);
    sink.scoreboard(json);
    return () => {
      state.sinks.delete(sink);
      state.lastSent.delete(sink);
    };
  }

  /** Streams connected to this instance (all competitions). */
  get streams(): number {
    let n = 0;
    for (const state of this.states.values()) n += state.sinks.size;
    return n;
  }

  /** Stop timers and stop listening to the bus. */
  close(): void {
    this.unsubscribe();
    for (const state of this.states.values()) {
      clearTimeout(state.timer);
      clearTimeout(state.freezeTimer);
      state.sinks.clear();
    }
  }
}
